import { isRun } from '../analysis/types';
import { streamMetrics, type StreamMetrics } from '../analysis/streamMetrics';
import { decodeFit, type FitResult } from './fit';
import { inflateMember, type RawMember } from './zip';

/**
 * The byte-heavy half of storing a FIT file, for any thread: inflate the member, hash it, and
 * decode it unless the hash is already stored. The ingest worker hands members over still
 * compressed, so inflating, hashing and decoding spread over the decode pool's cores while the
 * ingest worker only reads the archive and writes SQLite (docs: issue 13, "a pipeline").
 */

export interface FitJob {
  raw: RawMember;
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

/**
 * Prepares one FIT file, reading its job when there is a core for it (so queued files hold no
 * bytes; a decode worker that dies makes the files queued on it read again). One is made per
 * import, knowing which files are stored already.
 */
export type FitPreparer = (read: () => Promise<FitJob>) => Promise<PreparedFit>;

export type FitDecoder = (bytes: Uint8Array, options: { garminActivityId: number | null }) => Promise<FitResult> | FitResult;

export async function prepareFit(job: FitJob, known: ReadonlySet<string>, decode: FitDecoder = decodeFit): Promise<PreparedFit> {
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

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
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
