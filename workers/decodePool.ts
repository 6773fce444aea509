import * as Comlink from 'comlink';
import type { FitDecoder } from '../src/ingest/ingest';
import type { DecodeApi } from './decode.worker';

/**
 * A small pool of decode workers. Each file goes to the least busy one, its bytes transferred;
 * a decode that takes longer than DECODE_TIMEOUT_MS (a pathological file, a crashed worker) is
 * reported as a failure and its worker replaced, so nothing dropped can hang the import.
 */

export const DECODE_TIMEOUT_MS = 120_000;

interface Slot {
  worker: Worker;
  api: Comlink.Remote<DecodeApi>;
  busy: number;
}

export interface DecodePool {
  size: number;
  decode: FitDecoder;
  terminate(): void;
}

function spawn(): Slot {
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'fitbook-decode' });
  return { worker, api: Comlink.wrap<DecodeApi>(worker), busy: 0 };
}

export function createDecodePool(size: number): DecodePool {
  const slots = Array.from({ length: size }, spawn);
  const decode: FitDecoder = async (bytes, options) => {
    const index = slots.reduce((best, s, i) => (s.busy < (slots[best] as Slot).busy ? i : best), 0);
    const slot = slots[index] as Slot;
    // Transfer only a buffer this view owns entirely (a stored zip member can be a view into its zip).
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    slot.busy++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        slot.api.decode(Comlink.transfer(own, [own.buffer as ArrayBuffer]), options),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            slot.worker.terminate();
            slots[index] = spawn();
            reject(new Error(`decoding did not finish within ${DECODE_TIMEOUT_MS / 1000} s`));
          }, DECODE_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      slot.busy--;
    }
  };
  return { size, decode, terminate: () => slots.forEach((s) => s.worker.terminate()) };
}
