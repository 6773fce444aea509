import { isRun } from '../analysis/types';
import { streamMetrics, type StreamMetrics } from '../analysis/streamMetrics';
import { decodeFit, type FitResult } from './fit';
import { inflateMember, readSource, type MemberSource, type RawMember } from './zip';

/**
 * The byte-heavy half of storing a FIT file, for any thread: inflate the member, hash it,
 * decode it unless the hash is already stored, and derive its stream metrics. The ingest worker
 * reads each member's compressed bytes (async reads overlap its SQLite writes) and transfers them
 * uncopied; the rest spreads over the decode pool's cores. Reading in the decode workers instead
 * made the heavy import slower (81 s vs 69 s): a Blob read costs the reader's thread ~20 ms/MB here,
 * and the ingest worker had that time idle.
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
  | { kind: 'fit'; sha256: string; size: number; result: FitResult; metrics: StreamMetricsOf[] };

/** Each activity's stream metrics (or null without a stream), with the run flag they assumed. */
export type StreamMetricsOf = { run: boolean; metrics: StreamMetrics } | null;

/** A job with its bytes read, as it crosses to a decode worker (the buffer is transferred). */
export interface FitRawJob {
  raw: RawMember;
  maxBytes: number;
  garminActivityId: number | null;
}

/** Prepares one FIT file; one is made per import, knowing which files are stored already. */
export type FitPreparer = (job: FitJob) => Promise<PreparedFit>;

export type FitDecoder = (bytes: Uint8Array, options: { garminActivityId: number | null }) => Promise<FitResult> | FitResult;

/** Reads the job's bytes (async: the ingest worker reads while SQLite waits on nothing else). */
export async function readFitJob({ source, ...job }: FitJob): Promise<FitRawJob> {
  return { ...job, raw: await readSource(source) };
}

export async function prepareFit(job: FitRawJob, known: ReadonlySet<string>, decode: FitDecoder = decodeFit): Promise<PreparedFit> {
  const bytes = await inflateMember(job.raw, job.maxBytes);
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
  return { kind: 'fit', sha256, size, result, metrics };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The sample columns and their buffers, to transfer a result between threads without copying. */
export function resultBuffers(prepared: PreparedFit): ArrayBuffer[] {
  if (prepared.kind !== 'fit' || prepared.result.kind !== 'activity') return [];
  return prepared.result.activities.flatMap((a) =>
    a.samples
      ? [a.samples.tS, a.samples.hr, a.samples.speedMps, a.samples.distanceM, a.samples.lat, a.samples.lon, a.samples.altitudeM, a.samples.cadence, a.samples.powerW]
          .filter((c) => c !== null)
          .map((c) => c.buffer as ArrayBuffer)
      : [],
  );
}
