/**
 * Record messages as columns: what both FIT front ends (our decoder and the SDK reference)
 * hand to the shared mapper in fit.ts. One Float64Array per quantity, NaN where the record has
 * no valid value; values already scaled as the SDK scales them.
 */
export interface RecordColumns {
  length: number;
  /** Seconds since the FIT epoch (1989-12-31T00:00:00Z); NaN = no timestamp. */
  timeS: Float64Array;
  heartRate: Float64Array;
  /** enhanced_speed, else speed (m/s), as `enhancedSpeed ?? speed` of the SDK's record. */
  speedMps: Float64Array;
  distanceM: Float64Array;
  latSemicircles: Float64Array;
  lonSemicircles: Float64Array;
  /** enhanced_altitude, else altitude (m). */
  altitudeM: Float64Array;
  /** FIT cadence (rpm, or strides/min of one leg for foot sports). */
  cadence: Float64Array;
  fractionalCadence: Float64Array;
  powerW: Float64Array;
  /** activity_type enum number. */
  activityType: Float64Array;
}

export const RECORD_COLUMNS = [
  'timeS', 'heartRate', 'speedMps', 'distanceM', 'latSemicircles', 'lonSemicircles',
  'altitudeM', 'cadence', 'fractionalCadence', 'powerW', 'activityType',
] as const;

export type RecordColumnName = (typeof RECORD_COLUMNS)[number];

/** All columns in one ArrayBuffer: one allocation per file instead of eleven. */
function columnsIn(capacity: number): Float64Array[] {
  const buffer = new ArrayBuffer(capacity * 8 * RECORD_COLUMNS.length);
  return RECORD_COLUMNS.map((_, k) => new Float64Array(buffer, k * capacity * 8, capacity));
}

/** Growable columns; `finish()` returns views of the filled part (no copy). */
export class RecordColumnsBuilder {
  length = 0;
  capacity: number;
  cols: Float64Array[];

  constructor(capacity: number) {
    this.capacity = Math.max(16, Math.ceil(capacity));
    this.cols = columnsIn(this.capacity);
  }

  grow(): void {
    this.reserve(this.capacity * 2);
  }

  reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    this.capacity = Math.ceil(capacity);
    const bigger = columnsIn(this.capacity);
    for (let k = 0; k < bigger.length; k++) (bigger[k] as Float64Array).set((this.cols[k] as Float64Array).subarray(0, this.length));
    this.cols = bigger;
  }

  /** Makes room for one more record and returns its index; every column starts NaN there. */
  push(): number {
    const i = this.length;
    if (i === this.capacity) this.grow();
    for (let k = 0; k < this.cols.length; k++) (this.cols[k] as Float64Array)[i] = NaN;
    this.length = i + 1;
    return i;
  }

  finish(): RecordColumns {
    const n = this.length;
    const out = { length: n } as RecordColumns;
    RECORD_COLUMNS.forEach((name, k) => {
      out[name] = (this.cols[k] as Float64Array).subarray(0, n);
    });
    return out;
  }
}

/** Record columns from record objects of the SDK's shape (the reference front end). */
export function recordColumnsFromMesgs(records: Record<string, unknown>[], activityTypeNumber: (v: unknown) => number): RecordColumns {
  const b = new RecordColumnsBuilder(records.length);
  const num = (v: unknown) => (typeof v === 'number' ? v : NaN);
  for (const r of records) {
    const i = b.push();
    const [t, hr, speed, dist, lat, lon, alt, cad, frac, pow, act] = b.cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    t[i] = r.timestamp instanceof Date ? (r.timestamp.getTime() - 631_065_600_000) / 1000 : NaN;
    hr[i] = num(r.heartRate);
    speed[i] = num(r.enhancedSpeed ?? r.speed);
    dist[i] = num(r.distance);
    lat[i] = num(r.positionLat);
    lon[i] = num(r.positionLong);
    alt[i] = num(r.enhancedAltitude ?? r.altitude);
    cad[i] = num(r.cadence);
    frac[i] = num(r.fractionalCadence);
    pow[i] = num(r.power);
    act[i] = activityTypeNumber(r.activityType);
  }
  return b.finish();
}
