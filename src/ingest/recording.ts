import { decodeFit, type FitResult } from './fit';
import { decodeXmlActivity } from './xmlActivity';

/**
 * One recorded activity file, whatever its format: FIT, GPX or TCX, each possibly gzipped
 * (Strava's archive stores `.fit.gz`, `.gpx.gz`, `.tcx.gz`). Sniffed from the bytes, not the
 * name; every format ends as the same FitResult, so hashing, dedupe, stream metrics and storage
 * are one path (prepareFit.ts).
 */
export async function decodeRecording(bytes: Uint8Array, options: { garminActivityId: number | null }): Promise<FitResult> {
  if (isGzip(bytes)) {
    let inner: Uint8Array;
    try {
      inner = await gunzip(bytes);
    } catch {
      return { kind: 'rejected', reason: 'a gzip file that is damaged or cut short' };
    }
    if (isGzip(inner)) return { kind: 'rejected', reason: 'gzip inside gzip: not an activity file' };
    return decodeRecording(inner, options);
  }
  if (isXml(bytes)) return decodeXmlActivity(textChunks(bytes));
  return decodeFit(bytes, options);
}

export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** XML: `<` after an optional byte-order mark and whitespace. */
export function isXml(b: Uint8Array): boolean {
  for (let i = 0; i < Math.min(b.length, 512); i++) {
    const c = b[i] as number;
    if (c === 0xef || c === 0xbb || c === 0xbf || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x3c;
  }
  return false;
}

/** The bytes as text in 1 MB pieces (a stream decoder: a character split between pieces is kept whole). */
function* textChunks(bytes: Uint8Array): Generator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  const step = 1 << 20;
  for (let i = 0; i < bytes.length; i += step) yield decoder.decode(bytes.subarray(i, i + step), { stream: i + step < bytes.length });
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
