import { isRun } from '../analysis/types';
import { streamMetrics, type StreamMetrics } from '../analysis/streamMetrics';
import { createSHA256, type IHasher } from 'hash-wasm';
import { reasonFor } from './errors';
import type { FitResult } from './fit';
import { decodeRecording } from './recording';
import { inflateMember, readSources, type MemberSource, type RawMember } from './zip';

/**
 * The byte-heavy half of storing a FIT file, for any thread: inflate the member, hash it,
 * decode it unless the hash is already stored, and derive its stream metrics. FIT files go in
 * batches: the ingest worker reads a batch's compressed bytes (async reads overlap its SQLite
 * writes; neighbours in the zip in one read) and transfers them uncopied in one message; the rest
 * spreads over the decode pool's cores. Reading in the decode workers instead made the heavy
 * import slower (81 s vs 69 s): a Blob read costs the reader's thread ~20 ms/MB here, and the
 * ingest worker had that time idle. One message per file cost ~0.5 ms of each side's time.
 */

export interface FitJob {
  /** Where the file is; read by the thread that has the Blob's bytes to spare (see FitRawJob). */
  source: MemberSource;
  /** The member's own cap (limits.maxEntryBytes). */
  maxBytes: number;
  /** From a Connect file name (`<id>.fit`): the activity id the file carries. */
  garminActivityId: number | null;
}

export type PreparedFit =
  | { kind: 'fit-known'; sha256: string }
  | { kind: 'fit'; sha256: string; size: number; result: FitResult; metrics: StreamMetricsOf[]; original: RawMember };

/** Each activity's stream metrics (or null without a stream), with the run flag they assumed. */
export type StreamMetricsOf = { run: boolean; metrics: StreamMetrics } | null;

/** A job with its bytes read, as it crosses to a decode worker (the buffer is transferred). */
export interface FitRawJob {
  raw: RawMember;
  maxBytes: number;
  garminActivityId: number | null;
}

/** A file that could not be prepared, with the reason in fitbook's words (crosses threads as it is). */
export interface FitFailed {
  kind: 'failed';
  reason: string;
}

export type FitOutcome = PreparedFit | FitFailed;

/**
 * Prepares a batch of FIT files, one outcome per job in the same order (a bad file fails alone);
 * one is made per import, knowing which files are stored already.
 */
export type FitPreparer = (jobs: FitJob[]) => Promise<FitOutcome[]>;

export type FitDecoder = (bytes: Uint8Array, options: { garminActivityId: number | null }) => Promise<FitResult> | FitResult;

/** Reads the jobs' bytes (async: the ingest worker reads while SQLite waits on nothing else). */
export async function readFitJobs(jobs: readonly FitJob[]): Promise<(FitRawJob | FitFailed)[]> {
  const raws = await readSources(jobs.map((j) => j.source));
  return jobs.map(({ source: _source, ...job }, i) => {
    const raw = raws[i] as RawMember | Error;
    return raw instanceof Error ? failed(raw) : { ...job, raw };
  });
}

/** Batches run one at a time in a thread (they share the inflate buffer below). */
let running: Promise<unknown> = Promise.resolve();

/** Prepares each job in turn, one batch at a time (inflating, hashing and decoding are the thread's work anyway). */
export function prepareFits(jobs: readonly (FitRawJob | FitFailed)[], known: ReadonlySet<string>, decode?: FitDecoder): Promise<FitOutcome[]> {
  const batch = running.then(async () => {
    const out: FitOutcome[] = [];
    for (const job of jobs) out.push('raw' in job ? await prepareFit(job, known, decode).catch(failed) : job);
    return out;
  });
  running = batch.catch(() => {});
  return batch;
}

/**
 * Where members are inflated: one buffer per thread, grown as needed and reused, since the
 * inflated bytes live only until they are hashed and decoded (the digest copies its input, and
 * the decoder keeps no view of it). A fresh buffer per file cost ~6 ms a MB in Chromium here
 * (new memory is slow to touch on this machine): most of the heavy export's 2.5 GB of FIT.
 */
let inflateBuffer = new Uint8Array(0);
const MAX_KEPT_INFLATE_BYTES = 64 * 2 ** 20;

function inflateInto(size: number): Uint8Array {
  if (size > MAX_KEPT_INFLATE_BYTES) return new Uint8Array(size);
  if (inflateBuffer.length < size) inflateBuffer = new Uint8Array(Math.min(MAX_KEPT_INFLATE_BYTES, Math.max(size, 2 * inflateBuffer.length)));
  return inflateBuffer.subarray(0, size);
}

function failed(error: unknown): FitFailed {
  return { kind: 'failed', reason: reasonFor(error) };
}

async function prepareFit(job: FitRawJob, known: ReadonlySet<string>, decode: FitDecoder = decodeRecording): Promise<PreparedFit> {
  const bytes = await inflateMember(job.raw, job.maxBytes, inflateInto);
  const sha256 = await sha256Hex(bytes);
  if (known.has(sha256)) return { kind: 'fit-known', sha256 };
  const size = bytes.length;
  const result = await decode(bytes, { garminActivityId: job.garminActivityId });
  // The stream metrics are pure work on the columns: done here, on the decode pool's cores.
  const metrics = result.kind === 'activity'
    ? result.activities.map((a) => {
      const run = isRun(a.fields.sport);
      return a.samples ? { run, metrics: streamMetrics(a.samples, { run }) } : null;
    })
    : [];
  // The bytes as they came (a zip member still deflated) go back to be kept as the original.
  return { kind: 'fit', sha256, size, result, metrics, original: job.raw };
}

/**
 * SHA-256 in WebAssembly, over the bytes where they are. WebCrypto's digest first copies its input
 * into new memory, which cost ~8 ms/MB in the decode workers on the heavy export (20 s of CPU for
 * 2.5 GB of FIT; new memory is slow to touch on this machine); hash-wasm hashes at ~270 MB/s
 * here with no copy and no allocation.
 */
let hasher: Promise<IHasher> | null = null;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const h = await (hasher ??= createSHA256());
  h.init();
  h.update(bytes);
  return h.digest('hex');
}

/** The raw bytes' buffers of a batch, each once (views of one span share one), to transfer. */
export function rawBuffers(jobs: readonly (FitRawJob | FitFailed)[]): ArrayBuffer[] {
  return [...new Set(jobs.flatMap((j) => ('raw' in j ? [j.raw.compressed.buffer as ArrayBuffer] : [])))];
}

/** The sample columns' and originals' buffers of a batch of outcomes, to transfer them between threads without copying. */
export function resultBuffers(outcomes: readonly FitOutcome[]): ArrayBuffer[] {
  return [...new Set(outcomes.flatMap(outcomeBuffers))];
}

function outcomeBuffers(prepared: FitOutcome): ArrayBuffer[] {
  if (prepared.kind !== 'fit') return [];
  const original = prepared.original.compressed.buffer as ArrayBuffer;
  if (prepared.result.kind !== 'activity') return [original];
  return [original, ...prepared.result.activities.flatMap((a) =>
    a.samples
      ? [a.samples.tS, a.samples.hr, a.samples.speedMps, a.samples.distanceM, a.samples.lat, a.samples.lon, a.samples.altitudeM, a.samples.cadence, a.samples.powerW]
          .filter((c) => c !== null)
          .map((c) => c.buffer as ArrayBuffer)
      : [],
  )];
}
