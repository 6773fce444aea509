import * as Comlink from 'comlink';
import { rawBuffers, readFitJobs, type FitJob, type FitOutcome, type FitPreparer } from '../src/ingest/prepareFit';
import { reasonFor } from '../src/ingest/errors';
import type { DecodeApi } from './decode.worker';

/**
 * A small pool of decode workers (inflate, hash, decode). Files come in batches (one message
 * each way per batch, see prepareFit.ts); each worker holds up to BATCHES_PER_WORKER of them, so
 * the next is already waiting in its queue when it finishes one and it never sits idle waiting
 * to be woken. A batch that takes longer than DECODE_TIMEOUT_MS, or that crashes its worker, is
 * split and its files run again one by one on a fresh worker: the file to blame fails alone,
 * with the reason, and nothing can hang the import or take innocent files down with it.
 */

export const DECODE_TIMEOUT_MS = 120_000;
const BATCHES_PER_WORKER = 3;

interface Batch {
  jobs: FitJob[];
  /** Never rejects: a file that cannot be prepared comes back as `failed`. */
  resolve: (outcomes: FitOutcome[]) => void;
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<DecodeApi>;
  /** Sent to this worker, oldest (the one it is working on) first. */
  batches: Batch[];
  /** Fires when the oldest batch has run too long. */
  timer: ReturnType<typeof setTimeout> | null;
}

export interface DecodePool {
  size: number;
  /** How many batches the pool works on at once (to keep it busy, have this many queued). */
  inFlight: number;
  /** The preparer for one import: every worker (and any replacement) learns the stored hashes. */
  preparer(known: ReadonlySet<string>): FitPreparer;
  terminate(): void;
}

export function createDecodePool(size: number): DecodePool {
  const queue: Batch[] = [];
  const slots: Slot[] = [];
  let known: string[] = [];

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'fitbook-decode' });
    const slot: Slot = { worker, api: Comlink.wrap<DecodeApi>(worker), batches: [], timer: null };
    worker.addEventListener('error', () => fail(slot, 'the FIT decoder crashed on this file'));
    // Messages to a worker are handled in order: this lands before any batch sent after it.
    void slot.api.setKnown(known);
    return slot;
  };

  /** The oldest batch's clock: each batch gets DECODE_TIMEOUT_MS from when its worker starts it. */
  const arm = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.batches.length > 0
      ? setTimeout(() => fail(slot, `decoding did not finish within ${DECODE_TIMEOUT_MS / 1000} s`), DECODE_TIMEOUT_MS)
      : null;
  };

  /**
   * The slot's current batch failed: replace the worker; a single file fails with `reason`, a
   * batch is run again file by file (to find the one to blame); the batches behind it are queued again.
   */
  const fail = (slot: Slot, reason: string) => {
    const index = slots.indexOf(slot);
    if (index < 0) return; // already replaced
    slot.worker.terminate();
    if (slot.timer) clearTimeout(slot.timer);
    const [current, ...waiting] = slot.batches;
    queue.unshift(...waiting);
    if (current && current.jobs.length === 1) current.resolve([{ kind: 'failed', reason }]);
    else if (current) {
      const singles = current.jobs.map((job) => new Promise<FitOutcome[]>((resolve) => queue.unshift({ jobs: [job], resolve })));
      void Promise.all(singles).then((outcomes) => current.resolve(outcomes.flat()));
    }
    slots[index] = spawn();
    pump();
  };

  const send = (slot: Slot, batch: Batch) => {
    slot.batches.push(batch);
    if (slot.batches.length === 1) arm(slot);
    // Read here when the worker has room (queued batches hold no bytes; a batch queued on a worker
    // that dies is read again for its replacement), then transferred, never copied.
    const failAll = (error: unknown) => settle(slot, batch, batch.jobs.map(() => ({ kind: 'failed', reason: reasonFor(error) })));
    readFitJobs(batch.jobs).then((raw) => {
      if (!slot.batches.includes(batch)) return; // its worker died meanwhile: the batch was queued again
      slot.api.prepare(Comlink.transfer(raw, rawBuffers(raw))).then((outcomes) => settle(slot, batch, outcomes), failAll);
    }, failAll);
  };

  const settle = (slot: Slot, batch: Batch, outcomes: FitOutcome[]) => {
    // A reply from a worker already replaced (timed out) is not this batch's answer any more.
    const index = slot.batches.indexOf(batch);
    if (slots.indexOf(slot) < 0 || index < 0) return;
    slot.batches.splice(index, 1);
    // Reads finish out of order, so a worker may answer its second batch first.
    if (index === 0) arm(slot);
    batch.resolve(outcomes);
    pump();
  };

  const pump = () => {
    for (let depth = 1; depth <= BATCHES_PER_WORKER; depth++) {
      for (const slot of slots) {
        if (queue.length === 0) return;
        if (slot.batches.length < depth) send(slot, queue.shift() as Batch);
      }
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn());

  const prepare: FitPreparer = (jobs) =>
    new Promise<FitOutcome[]>((resolve) => {
      queue.push({ jobs, resolve });
      pump();
    });

  const preparer = (hashes: ReadonlySet<string>): FitPreparer => {
    known = [...hashes];
    for (const slot of slots) void slot.api.setKnown(known);
    return prepare;
  };

  return { size, inFlight: size * BATCHES_PER_WORKER, preparer, terminate: () => slots.forEach((s) => s.worker.terminate()) };
}
