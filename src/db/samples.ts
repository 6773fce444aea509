import type { Db } from './db';
import type { StreamInput } from '../analysis/types';

/**
 * Reading the samples table (docs/schema.md "samples": one row per activity, each channel a
 * little-endian typed array as a BLOB). store.ts writes it; the stream-metrics derivation and the
 * activity detail read it, through here only.
 */

/** A little-endian blob as a typed array that owns its (aligned) buffer. */
function column<T extends Float32Array | Float64Array>(blob: unknown, Type: { new (buffer: ArrayBuffer): T }): T | null {
  if (!(blob instanceof Uint8Array)) return null;
  return new Type(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength) as ArrayBuffer);
}

/** An activity's recorded stream (docs/schema.md "samples"), or null when it has none. */
export function readStream(db: Db, activityId: number): StreamInput | null {
  const r = db.get<Record<string, unknown>>('SELECT t_s, hr, speed_mps, distance_m, lat, lon, altitude_m FROM samples WHERE activity_id = ?', [activityId]);
  if (!r) return null;
  return {
    tS: column(r.t_s, Float32Array) ?? new Float32Array(0),
    hr: column(r.hr, Float32Array),
    speedMps: column(r.speed_mps, Float32Array),
    distanceM: column(r.distance_m, Float32Array),
    lat: column(r.lat, Float64Array),
    lon: column(r.lon, Float64Array),
    altitudeM: column(r.altitude_m, Float32Array),
  };
}
