import * as Comlink from 'comlink';
import { readFitJob, type FitJob, type FitPreparer, type PreparedFit } from '../src/ingest/prepareFit';
import { IngestError } from '../src/ingest/errors';
import type { DecodeApi } from './decode.worker';

/**
 * A small pool of decode workers (read, inflate, hash, decode). Each worker holds up to
 * JOBS_PER_WORKER files: the next one is already waiting in its queue when it finishes one, so it
 * never sits idle waiting to be woken (waking an idle worker cost ~0.5 ms a message here, a
 * cost paid per file). A file whose decode takes longer than DECODE_TIMEOUT_MS, or that crashes
 * its worker, fails alone: the worker is replaced, the file queued behind it goes to the new
 * worker, and nothing dropped can hang the import or take innocent files down with it.
 */

export const DECODE_TIMEOUT_MS = 120_000;
const JOBS_PER_WORKER = 2;

interface Job {
  job: FitJob;
  resolve: (result: PreparedFit) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<DecodeApi>;
  /** Sent to this worker, oldest (the one it is working on) first. */
  jobs: Job[];
  /** Fires when the oldest job has run too long. */
  timer: ReturnType<typeof setTimeout> | null;
}

export interface DecodePool {
  size: number;
  /** The preparer for one import: every worker (and any replacement) learns the stored hashes. */
  preparer(known: ReadonlySet<string>): FitPreparer;
  terminate(): void;
}

export function createDecodePool(size: number): DecodePool {
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let known: string[] = [];

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'fitbook-decode' });
    const slot: Slot = { worker, api: Comlink.wrap<DecodeApi>(worker), jobs: [], timer: null };
    worker.addEventListener('error', () => fail(slot, new IngestError('the FIT decoder crashed on this file')));
    // Messages to a worker are handled in order: this lands before any job sent after it.
    void slot.api.setKnown(known);
    return slot;
  };

  /** The oldest job's clock: each file gets DECODE_TIMEOUT_MS from when its worker starts it. */
  const arm = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.jobs.length > 0
      ? setTimeout(() => fail(slot, new IngestError(`decoding did not finish within ${DECODE_TIMEOUT_MS / 1000} s`)), DECODE_TIMEOUT_MS)
      : null;
  };

  /** Fails the slot's current file, replaces its worker; the files behind it go back to the queue. */
  const fail = (slot: Slot, error: Error) => {
    const index = slots.indexOf(slot);
    if (index < 0) return; // already replaced
    slot.worker.terminate();
    if (slot.timer) clearTimeout(slot.timer);
    const [current, ...waiting] = slot.jobs;
    current?.reject(error);
    queue.unshift(...waiting);
    slots[index] = spawn();
    pump();
  };

  const send = (slot: Slot, job: Job) => {
    slot.jobs.push(job);
    if (slot.jobs.length === 1) arm(slot);
    // Read here when the worker has room (queued files hold no bytes; a file queued on a worker
    // that dies is read again for its replacement), then transferred, never copied.
    readFitJob(job.job).then(
      (raw) => {
        if (!slot.jobs.includes(job)) return; // its worker died meanwhile: the job was queued again
        slot.api.prepare(Comlink.transfer(raw, [raw.raw.compressed.buffer as ArrayBuffer])).then(
          (result) => settle(slot, job, () => (result.kind === 'failed' ? job.reject(new IngestError(result.reason)) : job.resolve(result))),
          (error: unknown) => settle(slot, job, () => job.reject(error instanceof Error ? error : new Error(String(error)))),
        );
      },
      (error: unknown) => settle(slot, job, () => job.reject(error instanceof Error ? error : new Error(String(error)))),
    );
  };

  const settle = (slot: Slot, job: Job, deliver: () => void) => {
    // A reply from a worker already replaced (timed out) is not this file's answer any more.
    const index = slot.jobs.indexOf(job);
    if (slots.indexOf(slot) < 0 || index < 0) return;
    slot.jobs.splice(index, 1);
    // Reads finish out of order, so a worker may answer its second file first.
    if (index === 0) arm(slot);
    deliver();
    pump();
  };

  const pump = () => {
    for (let depth = 1; depth <= JOBS_PER_WORKER; depth++) {
      for (const slot of slots) {
        if (queue.length === 0) return;
        if (slot.jobs.length < depth) send(slot, queue.shift() as Job);
      }
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn());

  const prepare: FitPreparer = (job) =>
    new Promise<PreparedFit>((resolve, reject) => {
      queue.push({ job, resolve, reject });
      pump();
    });

  const preparer = (hashes: ReadonlySet<string>): FitPreparer => {
    known = [...hashes];
    for (const slot of slots) void slot.api.setKnown(known);
    return prepare;
  };

  return { size, preparer, terminate: () => slots.forEach((s) => s.worker.terminate()) };
}
