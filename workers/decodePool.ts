import * as Comlink from 'comlink';
import type { FitDecoder } from '../src/ingest/ingest';
import type { FitResult } from '../src/ingest/fit';
import { IngestError } from '../src/ingest/errors';
import type { DecodeApi } from './decode.worker';

/**
 * A small pool of decode workers. Each worker holds at most one file at a time; the others wait
 * in the pool's queue. A decode that takes longer than DECODE_TIMEOUT_MS, or a worker that
 * crashes, fails that one file only: the worker is replaced and the queue goes on, so nothing
 * dropped can hang the import or take innocent files down with it.
 */

export const DECODE_TIMEOUT_MS = 120_000;

interface Job {
  bytes: Uint8Array;
  options: { garminActivityId: number | null };
  resolve: (result: FitResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<DecodeApi>;
  job: Job | null;
}

export interface DecodePool {
  size: number;
  decode: FitDecoder;
  terminate(): void;
}

export function createDecodePool(size: number): DecodePool {
  const queue: Job[] = [];
  const slots: Slot[] = [];

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'fitbook-decode' });
    const slot: Slot = { worker, api: Comlink.wrap<DecodeApi>(worker), job: null };
    worker.addEventListener('error', () => fail(slot, new IngestError('the FIT decoder crashed on this file')));
    return slot;
  };

  /** Fails the slot's current file, replaces its worker, and carries on with the queue. */
  const fail = (slot: Slot, error: Error) => {
    const index = slots.indexOf(slot);
    if (index < 0) return; // already replaced
    slot.worker.terminate();
    slot.job?.reject(error);
    slot.job = null;
    slots[index] = spawn();
    pump();
  };

  const run = (slot: Slot, job: Job) => {
    slot.job = job;
    // Transfer only a buffer this view owns entirely (a stored zip member can be a view into its zip).
    const own = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength ? job.bytes : job.bytes.slice();
    const timer = setTimeout(() => fail(slot, new IngestError(`decoding did not finish within ${DECODE_TIMEOUT_MS / 1000} s`)), DECODE_TIMEOUT_MS);
    slot.api.decode(Comlink.transfer(own, [own.buffer as ArrayBuffer]), job.options).then(
      (result) => {
        clearTimeout(timer);
        if (slot.job !== job) return; // timed out already
        slot.job = null;
        job.resolve(result);
        pump();
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (slot.job !== job) return;
        slot.job = null;
        job.reject(error instanceof Error ? error : new Error(String(error)));
        pump();
      },
    );
  };

  const pump = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      run(slot, queue.shift() as Job);
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn());

  const decode: FitDecoder = (bytes, options) =>
    new Promise<FitResult>((resolve, reject) => {
      queue.push({ bytes, options, resolve, reject });
      pump();
    });

  return { size, decode, terminate: () => slots.forEach((s) => s.worker.terminate()) };
}
