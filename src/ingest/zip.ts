import JSZip from 'jszip';

/**
 * Zip reading with jszip, guarded against decompression bombs: an entry's declared size and
 * ratio are checked BEFORE inflating, and the bytes actually produced are counted while
 * inflating (a lying header cannot get past the caps), against one budget for the whole ingest.
 */

export const ZIP_LIMITS = {
  /** No single FIT or JSON member of an export comes near this (the biggest JSON chunk is ~7 MB). */
  maxEntryBytes: 512 * 2 ** 20,
  /** Nested UploadedFiles parts: Garmin splits them at a few hundred MB; allow far more. */
  maxNestedZipBytes: 4 * 2 ** 30,
  /** Total inflated bytes for one ingest: a 10-year export is a few GB. */
  maxTotalBytes: 16 * 2 ** 30,
  /** FIT and JSON compress 3-15x; bombs compress 1000x. */
  maxRatio: 100,
  /** Below this size a high ratio is harmless (e.g. a tiny `[]` file). */
  ratioFloorBytes: 2 ** 20,
  /** Zips inside zips inside zips: real exports nest 2 deep (export > UploadedFiles part). */
  maxDepth: 3,
};

export class InflateBudget {
  usedBytes = 0;
  constructor(readonly limits = ZIP_LIMITS) {}
}

export class ZipError extends Error {}

export interface ZipEntry {
  /** Path inside what was dropped: `DI_CONNECT/...`, or `<part>.zip/<member>` for nested zips. */
  path: string;
  compressedSize: number;
  declaredSize: number;
  /** Inflates the member; `maxBytes` caps this member (default: limits.maxEntryBytes). */
  read(maxBytes?: number): Promise<Uint8Array>;
}

/** jszip's internals that its typings leave out: sizes from the central directory, and streaming. */
interface InternalEntry {
  _data?: { compressedSize?: number; uncompressedSize?: number };
  internalStream(type: 'uint8array'): InternalStream;
}
interface InternalStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): InternalStream;
  on(event: 'error', fn: (e: Error) => void): InternalStream;
  on(event: 'end', fn: () => void): InternalStream;
  pause(): InternalStream;
  resume(): InternalStream;
}

export async function openZip(data: Blob | Uint8Array, containerPath: string, budget: InflateBudget): Promise<ZipEntry[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (error) {
    throw new ZipError(`not a readable zip (${describeZipError(error)})`);
  }
  const entries: ZipEntry[] = [];
  zip.forEach((relativePath, file) => {
    if (file.dir) return;
    const internal = file as unknown as InternalEntry;
    const compressedSize = internal._data?.compressedSize ?? 0;
    const declaredSize = internal._data?.uncompressedSize ?? 0;
    const path = containerPath ? `${containerPath}/${relativePath}` : relativePath;
    entries.push({ path, compressedSize, declaredSize, read: (maxBytes) => inflate(internal, compressedSize, declaredSize, budget, maxBytes ?? budget.limits.maxEntryBytes) });
  });
  return entries;
}

function inflate(entry: InternalEntry, compressedSize: number, declaredSize: number, budget: InflateBudget, maxBytes: number): Promise<Uint8Array> {
  const { limits } = budget;
  const check = (size: number): string | null => {
    if (size > maxBytes) return `would inflate to more than ${mb(maxBytes)} (a decompression bomb?)`;
    if (size > limits.ratioFloorBytes && compressedSize > 0 && size / compressedSize > limits.maxRatio) {
      return `compression ratio over ${limits.maxRatio}:1 (${mb(compressedSize)} inflating to ${mb(size)}): a decompression bomb?`;
    }
    if (budget.usedBytes + size > limits.maxTotalBytes) return `the ingest would inflate more than ${mb(limits.maxTotalBytes)} in total`;
    return null;
  };
  const declaredProblem = check(declaredSize);
  if (declaredProblem) return Promise.reject(new ZipError(declaredProblem));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let failed = false;
    const stream = entry.internalStream('uint8array');
    stream
      .on('data', (chunk) => {
        if (failed) return;
        size += chunk.length;
        const problem = size > declaredSize ? `inflates past the size its header declares (${mb(declaredSize)}): a decompression bomb?` : check(size);
        if (problem) {
          failed = true;
          stream.pause();
          reject(new ZipError(problem));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error) => {
        if (!failed) reject(new ZipError(`corrupted zip member (${describeZipError(error)})`));
        failed = true;
      })
      .on('end', () => {
        if (failed) return;
        budget.usedBytes += size;
        resolve(concat(chunks, size));
      })
      .resume();
  });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function describeZipError(error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error);
  if (/end of central directory|End of data|expected .* records|Corrupted zip/i.test(msg)) return `truncated or corrupted: ${msg}`;
  if (/Encrypted/i.test(msg)) return 'password-protected zips are not supported';
  return msg;
}

function mb(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
