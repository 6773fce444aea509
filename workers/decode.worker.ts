/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { decodeFit, type FitResult } from '../src/ingest/fit';

/** FIT decoding off the ingest worker's thread: the SDK costs ~12 µs per record. */
const api = {
  decode(bytes: Uint8Array, options: { garminActivityId: number | null }): FitResult {
    const result = decodeFit(bytes, options);
    if (result.kind !== 'activity') return result;
    // Hand the sample columns back without copying them.
    const buffers = result.activities.flatMap((a) =>
      a.samples
        ? [a.samples.tS, a.samples.hr, a.samples.speedMps, a.samples.distanceM, a.samples.lat, a.samples.lon, a.samples.altitudeM, a.samples.cadence, a.samples.powerW]
            .filter((c) => c !== null)
            .map((c) => c.buffer as ArrayBuffer)
        : [],
    );
    return Comlink.transfer(result, buffers);
  },
};

export type DecodeApi = typeof api;

Comlink.expose(api);
