import { IngestError } from './errors';

/**
 * Zip reading by random access: the central directory is read from the end of the Blob, and
 * each member is read on its own with Blob.slice and inflated by the platform's native
 * DecompressionStream('deflate-raw'). Nothing ever holds the whole archive, so an export of any
 * size (Zip64 included: over 4 GB, over 65,535 members) is read in bounded memory.
 *
 * Why our own reader rather than a library: jszip loads the whole archive into one ArrayBuffer
 * (Chromium refuses past 2 GB). @zip.js/zip.js reads by random access too, but brings its own
 * worker pool and codecs; the central directory is ~150 lines of APPNOTE.TXT, inflating is the
 * browser's, and we need our own caps (bombs) and our own error words anyway.
 *
 * Guarded against decompression bombs: a member's declared size and ratio are checked BEFORE
 * inflating, and the bytes actually produced are counted while inflating (a lying header
 * cannot get past the caps), against one budget for the whole ingest.
 */

export const ZIP_LIMITS = {
  /** No single FIT or JSON member of an export comes near this (the biggest JSON chunk is ~7 MB). */
  maxEntryBytes: 512 * 2 ** 20,
  /** Nested UploadedFiles parts: Garmin splits them at a few hundred MB; allow far more. */
  maxNestedZipBytes: 16 * 2 ** 30,
  /** Total inflated bytes for one ingest: a 10-year export from a modern watch is a few GB of FIT. */
  maxTotalBytes: 64 * 2 ** 30,
  /** FIT and JSON compress 3-15x; bombs compress 1000x. */
  maxRatio: 100,
  /** Below this size a high ratio is harmless (e.g. a tiny `[]` file). */
  ratioFloorBytes: 2 ** 20,
  /** Zips inside zips inside zips: real exports nest 2 deep (export > UploadedFiles part). */
  maxDepth: 3,
  /** A central directory is ~100 bytes a member: this is over a million members. */
  maxDirectoryBytes: 256 * 2 ** 20,
};

export class InflateBudget {
  usedBytes = 0;
  constructor(readonly limits = ZIP_LIMITS) {}
}

/** A problem with a zip or one of its members, worded for the person who dropped it. */
export class ZipError extends IngestError {}

/** Where a deflated nested zip is inflated to, so it can be read by random access in turn. */
export interface Scratch {
  /** Writes the stream out and gives it back as a Blob; `dispose` removes it. */
  spill(stream: ReadableStream<Uint8Array>, name: string): Promise<{ blob: Blob; dispose(): Promise<void> }>;
}

/** Without OPFS (tests under Node): a Blob assembled by the platform. */
export const BLOB_SCRATCH: Scratch = {
  async spill(stream) {
    const blob = await new Response(stream).blob();
    return { blob, dispose: async () => {} };
  },
};

/** A member's bytes as stored in the archive, to be inflated wherever there is a core free. */
export interface RawMember {
  compressed: Uint8Array;
  method: 0 | 8;
  declaredSize: number;
}

/**
 * Where a member's bytes are, without reading them: a Blob (the dropped File, a slice of it, an
 * OPFS scratch file) crosses to another worker as a handle, so the decode workers read, inflate,
 * hash and decode on their own cores and the ingest worker never touches the bytes. In the
 * profile of a 1 GB import, reading the members was a fifth of the ingest worker's time.
 */
export interface MemberSource {
  blob: Blob;
  /** Where the member starts: its local header when `localHeader`, else its data. */
  offset: number;
  localHeader: boolean;
  /** The local header's length as the directory predicts it (name and extra usually agree). */
  localHeaderGuess: number;
  compressedSize: number;
  method: 0 | 8;
  declaredSize: number;
}

export interface ZipEntry {
  /** Path inside what was dropped: `DI_CONNECT/...`, or `<part>.zip/<member>` for nested zips. */
  path: string;
  compressedSize: number;
  declaredSize: number;
  /** Stored, not deflated: opening it (a nested zip) is a slice of its parent, no work. */
  stored: boolean;
  /**
   * Where the member is, after the caps are checked against its declared size (and that size
   * counted in the budget: inflating it to any other size is an error, see inflateMember).
   */
  source(maxBytes?: number): MemberSource;
  /** Inflates the member into memory; `maxBytes` caps this member (default: limits.maxEntryBytes). */
  read(maxBytes?: number): Promise<Uint8Array>;
  /**
   * The member as a Blob that can itself be sliced (a nested zip): a stored member is a slice of
   * its parent, a deflated one is inflated through `scratch`; call `dispose` when done.
   */
  open(scratch: Scratch, maxBytes?: number): Promise<{ blob: Blob; dispose(): Promise<void> }>;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

interface Member {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
  /** The local header's length as the directory predicts it (name and extra usually agree). */
  localHeaderGuess: number;
}

/** Reads the central directory of `blob` (never the whole blob). */
export async function openZip(blob: Blob, containerPath: string, budget: InflateBudget): Promise<ZipEntry[]> {
  const members = await readDirectory(blob, budget);
  const entries: ZipEntry[] = [];
  for (const m of members) {
    if (m.name.endsWith('/')) continue;
    const path = containerPath ? `${containerPath}/${m.name}` : m.name;
    entries.push({
      path,
      compressedSize: m.compressedSize,
      declaredSize: m.declaredSize,
      stored: m.method === 0,
      read: (maxBytes) => readMember(blob, m, budget, maxBytes ?? budget.limits.maxEntryBytes),
      source: (maxBytes) => memberSource(blob, m, budget, maxBytes ?? budget.limits.maxEntryBytes),
      open: (scratch, maxBytes) => openMember(blob, m, budget, scratch, maxBytes ?? budget.limits.maxNestedZipBytes),
    });
  }
  return entries;
}

async function bytesAt(blob: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

async function readDirectory(blob: Blob, budget: InflateBudget): Promise<Member[]> {
  const size = blob.size;
  if (size < END_SIZE) throw new ZipError('not a readable zip (truncated or corrupted: too short to be a zip)');
  const tailStart = Math.max(0, size - END_SIZE - MAX_COMMENT);
  const tail = await bytesAt(blob, tailStart, size);
  let end = -1;
  for (let i = tail.byteLength - END_SIZE; i >= 0; i--) {
    if (tail.getUint32(i, true) === SIG_END && i + END_SIZE + tail.getUint16(i + 20, true) <= tail.byteLength) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new ZipError('not a readable zip (truncated or corrupted: its table of contents, at the end of the file, is missing; the download may have been cut short)');
  }
  let count = tail.getUint16(end + 10, true);
  let dirSize = tail.getUint32(end + 12, true);
  let dirOffset = tail.getUint32(end + 16, true);
  const endAt = tailStart + end;
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    // Zip64: the locator sits just before the classic end record (APPNOTE 4.3.15).
    const locator = endAt >= 20 ? await bytesAt(blob, endAt - 20, endAt) : null;
    if (locator && locator.getUint32(0, true) === SIG_LOCATOR64) {
      const end64At = Number(locator.getBigUint64(8, true));
      const end64 = end64At + 56 <= size ? await bytesAt(blob, end64At, end64At + 56) : null;
      if (!end64 || end64.getUint32(0, true) !== SIG_END64) {
        throw new ZipError('not a readable zip (truncated or corrupted: its Zip64 table of contents is damaged)');
      }
      count = Number(end64.getBigUint64(32, true));
      dirSize = Number(end64.getBigUint64(40, true));
      dirOffset = Number(end64.getBigUint64(48, true));
    }
  }
  if (count === 0) return [];
  if (dirOffset + dirSize > endAt || dirSize < count * 46) {
    throw new ZipError('not a readable zip (truncated or corrupted: its table of contents points outside the file)');
  }
  if (dirSize > budget.limits.maxDirectoryBytes) throw new ZipError(`not a readable zip (its table of contents is ${mb(dirSize)}: far more members than any export has)`);
  const dir = await bytesAt(blob, dirOffset, dirOffset + dirSize);
  const members: Member[] = [];
  const utf8 = new TextDecoder();
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > dir.byteLength || dir.getUint32(at, true) !== SIG_CENTRAL) {
      throw new ZipError(`not a readable zip (truncated or corrupted: its table of contents is garbled at entry ${k + 1} of ${count})`);
    }
    const flags = dir.getUint16(at + 8, true);
    const method = dir.getUint16(at + 10, true);
    let compressedSize = dir.getUint32(at + 20, true);
    let declaredSize = dir.getUint32(at + 24, true);
    const nameLength = dir.getUint16(at + 28, true);
    const extraLength = dir.getUint16(at + 30, true);
    const commentLength = dir.getUint16(at + 32, true);
    let localOffset = dir.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > dir.byteLength) throw new ZipError(`not a readable zip (truncated or corrupted: its table of contents is garbled at entry ${k + 1} of ${count})`);
    const name = utf8.decode(new Uint8Array(dir.buffer, at + 46, nameLength));
    // Zip64 extended information (APPNOTE 4.5.3): only the fields whose classic value is all ones.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength;) {
      const id = dir.getUint16(e, true);
      const length = dir.getUint16(e + 2, true);
      if (id === 0x0001) {
        let f = e + 4;
        const field = (): number => {
          if (f + 8 > e + 4 + length) throw new ZipError(`not a readable zip (corrupted: a Zip64 field of ${name} is too short)`);
          const v = Number(dir.getBigUint64(f, true));
          f += 8;
          return v;
        };
        if (declaredSize === 0xffffffff) declaredSize = field();
        if (compressedSize === 0xffffffff) compressedSize = field();
        if (localOffset === 0xffffffff) localOffset = field();
      }
      e += 4 + length;
    }
    members.push({ name, method, flags, compressedSize, declaredSize, localOffset, localHeaderGuess: 30 + nameLength + extraLength });
    at = next;
  }
  return members;
}

/** Where the member's data starts, from its local header (its name and extra may differ from the directory's). */
function dataStartFrom(header: Uint8Array, blob: Blob, m: Member): number {
  const local = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (local.getUint32(0, true) !== SIG_LOCAL) throw new ZipError('corrupted zip: this file\'s entry is not where the table of contents says');
  const start = m.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if (start + m.compressedSize > blob.size) throw new ZipError('the zip is cut short inside this file (truncated download?)');
  return start;
}

function checkReadable(blob: Blob, m: Member): void {
  if (m.flags & 1) throw new ZipError('password-protected zips are not supported');
  if (m.method !== 0 && m.method !== 8) throw new ZipError(`compressed with a method fitbook cannot read (zip method ${m.method}); re-zip it with ordinary deflate`);
  if (m.localOffset + 30 > blob.size) throw new ZipError('the zip is cut short before this file (truncated download?)');
}

async function dataStart(blob: Blob, m: Member): Promise<number> {
  checkReadable(blob, m);
  return dataStartFrom(new Uint8Array(await blob.slice(m.localOffset, m.localOffset + 30).arrayBuffer()), blob, m);
}

function checkDeclared(m: Member, budget: InflateBudget, maxBytes: number): void {
  const problem = sizeProblem(m.declaredSize, m.compressedSize, budget, maxBytes);
  if (problem) throw new ZipError(problem);
  if (m.method === 0 && m.compressedSize !== m.declaredSize) throw new ZipError('corrupted zip: a stored file whose two sizes disagree');
}

function sizeProblem(size: number, compressedSize: number, budget: InflateBudget, maxBytes: number): string | null {
  const { limits } = budget;
  if (size > maxBytes) return `would inflate to more than ${mb(maxBytes)} (a decompression bomb?)`;
  if (size > limits.ratioFloorBytes && compressedSize > 0 && size / compressedSize > limits.maxRatio) {
    return `compression ratio over ${limits.maxRatio}:1 (${mb(compressedSize)} inflating to ${mb(size)}): a decompression bomb?`;
  }
  if (budget.usedBytes + size > limits.maxTotalBytes) return `the ingest would inflate more than ${mb(limits.maxTotalBytes)} in total`;
  return null;
}

/**
 * The member's bytes as a stream, counted against the caps as they come out of the inflater,
 * and checked against the declared size at the end (a header that lies is an error either way).
 */
function inflated(source: Blob, m: Member, budget: InflateBudget, maxBytes: number): { stream: ReadableStream<Uint8Array>; problem(): ZipError | null } {
  let size = 0;
  // Kept aside: a consumer (Response, a file writer) may replace the stream's error with its own.
  let problem: ZipError | null = null;
  const fail = (message: string): never => {
    problem = new ZipError(message);
    throw problem;
  };
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.length;
      const over = size > m.declaredSize
        ? `inflates past the size its header declares (${mb(m.declaredSize)}): a decompression bomb?`
        : sizeProblem(size, m.compressedSize, budget, maxBytes);
      if (over) fail(over);
      controller.enqueue(chunk);
    },
    flush() {
      if (size !== m.declaredSize) fail(`corrupted zip: this file inflates to ${size} bytes, its header declares ${m.declaredSize}`);
      budget.usedBytes += size;
    },
  });
  const raw = source.stream();
  const stream = (m.method === 8 ? raw.pipeThrough(new DecompressionStream('deflate-raw')) : raw).pipeThrough(counter);
  return { stream, problem: () => problem };
}

function memberSource(blob: Blob, m: Member, budget: InflateBudget, maxBytes: number): MemberSource {
  checkDeclared(m, budget, maxBytes);
  checkReadable(blob, m);
  budget.usedBytes += m.declaredSize;
  return {
    blob, offset: m.localOffset, localHeader: true, localHeaderGuess: m.localHeaderGuess,
    compressedSize: m.compressedSize, method: m.method === 8 ? 8 : 0, declaredSize: m.declaredSize,
  };
}

/** A loose file: its bytes are the data, stored. */
export function fileSource(blob: Blob): MemberSource {
  return { blob, offset: 0, localHeader: false, localHeaderGuess: 0, compressedSize: blob.size, method: 0, declaredSize: blob.size };
}

/**
 * Members read one by one (JSON files; a FIT member its batch's span could not hold) come from a
 * read-ahead window of the Blob when small, copied out: each Blob read costs ~1.2 ms of the
 * reading thread however small (a round trip to the browser process). Large members are read on
 * their own into a buffer of their own (copying them would cost as much as reading them again:
 * fresh memory is slow to touch here). FIT files are read in batches: see readSources.
 */
const WINDOW_BYTES = 4 * 2 ** 20;
const SMALL_MEMBER_BYTES = 128 * 2 ** 10;
const windows = new WeakMap<Blob, { start: number; end: number; bytes: Promise<Uint8Array> }[]>();

async function bytesOf(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  if (end - start > SMALL_MEMBER_BYTES) return new Uint8Array(await blob.slice(start, end).arrayBuffer());
  let loads = windows.get(blob);
  if (!loads) windows.set(blob, (loads = []));
  let load = loads.find((l) => start >= l.start && end <= l.end);
  if (!load) {
    const windowEnd = Math.min(blob.size, Math.max(end, start + WINDOW_BYTES));
    load = { start, end: windowEnd, bytes: blob.slice(start, windowEnd).arrayBuffer().then((b) => new Uint8Array(b)) };
    loads.push(load);
    // Two windows: the one being consumed and the next, so reads ahead never thrash.
    if (loads.length > 2) loads.shift();
  }
  // A copy of its own, so it can be transferred to a decode worker.
  return (await load.bytes).slice(start - load.start, end - load.start);
}

/** The member's local header and data in one read (any thread). */
export async function readSource(src: MemberSource): Promise<RawMember> {
  const { blob } = src;
  if (!src.localHeader) {
    return { compressed: await bytesOf(blob, src.offset, src.offset + src.compressedSize), method: src.method, declaredSize: src.declaredSize };
  }
  // A local extra field a little longer than the directory's still fits; a longer one is read again.
  const end = Math.min(blob.size, src.offset + src.localHeaderGuess + 64 + src.compressedSize);
  let bytes = await bytesOf(blob, src.offset, end);
  const local = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 30 || local.getUint32(0, true) !== SIG_LOCAL) throw new ZipError('corrupted zip: this file\'s entry is not where the table of contents says');
  const start = src.offset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if (start + src.compressedSize > blob.size) throw new ZipError('the zip is cut short inside this file (truncated download?)');
  if (start + src.compressedSize > end) bytes = await bytesOf(blob, src.offset, start + src.compressedSize);
  const compressed = bytes.subarray(start - src.offset, start - src.offset + src.compressedSize);
  return { compressed, method: src.method, declaredSize: src.declaredSize };
}

/** Members next to each other closer than this are read in one span (the gap is read and dropped). */
const SPAN_GAP_BYTES = 64 * 2 ** 10;
/** A span holds several small members, or one big one (a big member is never read twice). */
const SPAN_BYTES = 4 * 2 ** 20;

/**
 * Many members in as few Blob reads as possible: members that sit next to each other in the same
 * Blob are read as one span, and each one is a view of its span's buffer, so a batch of files
 * crosses to a decode worker as one transferred buffer. A read costs ~1 ms of the reading thread
 * however small (a round trip to the browser process), and a 10-year export holds ~7,000 FIT
 * files of 5-50 KB. A member whose local header is longer than the span allows, or whose entry is
 * damaged, is read on its own; its failure is its own (the others still come back).
 */
export async function readSources(sources: readonly MemberSource[]): Promise<(RawMember | Error)[]> {
  const extent = (src: MemberSource) => {
    const end = src.offset + (src.localHeader ? src.localHeaderGuess + 64 : 0) + src.compressedSize;
    return { start: src.offset, end: Math.min(src.blob.size, end) };
  };
  const spans: { blob: Blob; start: number; end: number; members: number[] }[] = [];
  for (const [i, src] of sources.entries()) {
    const { start, end } = extent(src);
    const span = spans.at(-1);
    if (span && span.blob === src.blob && start >= span.start && start <= span.end + SPAN_GAP_BYTES && end - span.start <= SPAN_BYTES) {
      span.end = Math.max(span.end, end);
      span.members.push(i);
    } else {
      spans.push({ blob: src.blob, start, end, members: [i] });
    }
  }
  const out: (RawMember | Error)[] = new Array(sources.length);
  await Promise.all(spans.map(async (span) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await span.blob.slice(span.start, span.end).arrayBuffer());
    } catch (error) {
      for (const i of span.members) out[i] = error instanceof Error ? error : new Error(String(error));
      return;
    }
    for (const i of span.members) {
      const src = sources[i] as MemberSource;
      try {
        out[i] = memberIn(bytes, span.start, src) ?? await readSource(src);
      } catch (error) {
        out[i] = error instanceof Error ? error : new Error(String(error));
      }
    }
  }));
  return out;
}

/** The member as a view of a span read from `spanStart`, or null when it does not fit the span. */
function memberIn(span: Uint8Array, spanStart: number, src: MemberSource): RawMember | null {
  let at = src.offset - spanStart;
  if (src.localHeader) {
    const local = new DataView(span.buffer, span.byteOffset, span.byteLength);
    if (at + 30 > span.length || local.getUint32(at, true) !== SIG_LOCAL) return null;
    at += 30 + local.getUint16(at + 26, true) + local.getUint16(at + 28, true);
  }
  if (at + src.compressedSize > span.length) return null;
  return { compressed: span.subarray(at, at + src.compressedSize), method: src.method, declaredSize: src.declaredSize };
}

async function readMember(blob: Blob, m: Member, budget: InflateBudget, maxBytes: number): Promise<Uint8Array> {
  return inflateMember(await readSource(memberSource(blob, m, budget, maxBytes)), maxBytes);
}

/**
 * One member inflated from memory by the native inflater, its output counted chunk by chunk
 * against its declared size and its cap (a header that lies is refused either way). Writing the
 * whole input once and reading the output in a plain loop is ~4x faster than piping
 * Blob.stream() through DecompressionStream and a counting TransformStream into a Response
 * (8 vs 32 ms for a 0.7 MB FIT in Chromium): per-chunk stream machinery was the ingest worker's
 * biggest self time. Runs in any thread (the decode workers inflate FIT members). `into` gives
 * the buffer to gather the output in (the decode workers reuse one: see prepareFit.ts).
 */
export async function inflateMember(raw: RawMember, maxBytes: number, into?: (size: number) => Uint8Array): Promise<Uint8Array> {
  if (raw.method === 0) {
    if (raw.compressed.length > maxBytes) throw new ZipError(`would inflate to more than ${mb(maxBytes)} (a decompression bomb?)`);
    return raw.compressed;
  }
  const inflater = new DecompressionStream('deflate-raw');
  const writer = inflater.writable.getWriter();
  // Their failures surface through the reader below; these promises only need handling.
  writer.write(raw.compressed as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = inflater.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > raw.declaredSize || size > maxBytes) {
        void reader.cancel().catch(() => {});
        throw new ZipError(size > raw.declaredSize
          ? `inflates past the size its header declares (${mb(raw.declaredSize)}): a decompression bomb?`
          : `would inflate to more than ${mb(maxBytes)} (a decompression bomb?)`);
      }
      chunks.push(value);
    }
  } catch (error) {
    throw wordedInflateError(error);
  }
  if (size !== raw.declaredSize) throw new ZipError(`corrupted zip: this file inflates to ${size} bytes, its header declares ${raw.declaredSize}`);
  if (chunks.length === 1 && !into) return chunks[0] as Uint8Array;
  const out = into ? into(size) : new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function openMember(blob: Blob, m: Member, budget: InflateBudget, scratch: Scratch, maxBytes: number): Promise<{ blob: Blob; dispose(): Promise<void> }> {
  checkDeclared(m, budget, maxBytes);
  const start = await dataStart(blob, m);
  const source = blob.slice(start, start + m.compressedSize);
  if (m.method === 0) return { blob: source, dispose: async () => {} };
  const { stream, problem } = inflated(source, m, budget, maxBytes);
  try {
    return await scratch.spill(stream, m.name);
  } catch (error) {
    throw problem() ?? wordedInflateError(error);
  }
}

/** The platform's inflate errors ("incorrect header check", a TypeError) in fitbook's words. */
function wordedInflateError(error: unknown): ZipError {
  if (error instanceof ZipError) return error;
  const cause = error instanceof Error ? error : null;
  if (cause && /quota|space|NoModificationAllowed/i.test(`${cause.name} ${cause.message}`)) {
    return new ZipError('there is no room on this device to unpack this part of the export');
  }
  return new ZipError('corrupted zip member: its compressed data is damaged (truncated or corrupted)');
}

function mb(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
