import JSZip from 'jszip';
import { generateExport, type GenerateOptions } from './generate';

/** Every FIT member of a generated export (account zip with its nested parts, then the Connect zip), for decoder tests and the bench. */
export async function generatedFitFiles(opts: GenerateOptions): Promise<{ path: string; bytes: Uint8Array }[]> {
  const { accountZip, connectZip } = await generateExport(opts);
  const out: { path: string; bytes: Uint8Array }[] = [];
  const walk = async (zipBytes: Uint8Array) => {
    const zip = await JSZip.loadAsync(zipBytes);
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      if (/\.zip$/i.test(entry.name)) await walk(await entry.async('uint8array'));
      else if (/\.fit$/i.test(entry.name)) out.push({ path: entry.name, bytes: await entry.async('uint8array') });
    }
  };
  await walk(accountZip);
  await walk(connectZip);
  return out;
}
