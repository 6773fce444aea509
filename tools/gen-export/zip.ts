import JSZip from 'jszip';

/**
 * Deterministic zips: every entry gets the same fixed date (jszip would stamp `new Date()`),
 * no implicit folder entries (jszip dates those with the current time too), and DEFLATE
 * (pako, pure JS, so identical bytes on every machine).
 */

export interface ZipEntry {
  path: string;
  data: Uint8Array;
  /** Already-compressed members (nested zips): storing them saves time and gains nothing. */
  store?: boolean;
}

export async function buildZip(entries: ZipEntry[], date: Date, level = 6): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const e of entries) {
    zip.file(e.path, e.data, {
      date,
      createFolders: false,
      binary: true,
      compression: e.store ? 'STORE' : 'DEFLATE',
      compressionOptions: e.store ? null : { level },
    });
  }
  return zip.generateAsync({ type: 'uint8array', platform: 'DOS', streamFiles: false });
}

/**
 * Splits members into UploadedFiles parts no bigger than maxBytes (Garmin splits large
 * accounts into _Part1.zip, _Part2.zip...). Compressed size is only known after deflating, so a
 * part is sized by the ratio seen so far and rebuilt smaller if it came out too big.
 */
export async function buildParts(entries: ZipEntry[], date: Date, maxBytes: number, level = 6): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  // Compression ratio estimated on ~50 members spread over the list, refined after each part.
  const stride = Math.max(1, Math.floor(entries.length / 50));
  const sample = entries.filter((_, k) => k % stride === 0);
  const sampleRaw = sample.reduce((a, e) => a + e.data.length, 0);
  let ratio = sampleRaw > 0 ? Math.max(0.05, (await buildZip(sample, date, level)).length / sampleRaw) : 0.5;
  let i = 0;
  while (i < entries.length) {
    // Aim a little under the limit: the ratio varies from member to member.
    let budget = (0.95 * maxBytes) / ratio;
    for (;;) {
      let j = i;
      let raw = 0;
      while (j < entries.length && (j === i || raw + (entries[j]?.data.length ?? 0) <= budget)) raw += entries[j++]?.data.length ?? 0;
      const zip = await buildZip(entries.slice(i, j), date, level);
      if (zip.length <= maxBytes || j - i === 1) {
        parts.push(zip);
        ratio = Math.max(0.05, zip.length / Math.max(1, raw));
        i = j;
        break;
      }
      budget = raw * (maxBytes / zip.length) * 0.97;
    }
  }
  return parts;
}
