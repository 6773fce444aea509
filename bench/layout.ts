import { openMemoryDb } from '../src/db/node';
import { writeSamples } from '../src/db/store';
import type { SampleColumns } from '../src/ingest/types';

/**
 * Row-per-sample vs columnar typed-array blobs for the 1 Hz streams, on the real sqlite-wasm
 * engine (in memory, like the issue's own measurement): write rate, size, and the time to read
 * one activity's stream back into typed arrays (what every per-run metric does).
 */

export interface LayoutResult {
  layout: 'row' | 'columnar';
  samples: number;
  writeMs: number;
  samplesPerSec: number;
  bytes: number;
  readOneMs: number;
}

function syntheticRun(seed: number, n: number): SampleColumns {
  const tS = new Float32Array(n);
  const hr = new Float32Array(n);
  const speed = new Float32Array(n);
  const distance = new Float32Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const alt = new Float32Array(n);
  const cad = new Float32Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) {
    tS[i] = i;
    hr[i] = 130 + 20 * Math.sin((i + seed) / 300);
    speed[i] = 3 + 0.3 * Math.sin((i + seed) / 50);
    d += speed[i] as number;
    distance[i] = d;
    lat[i] = 50.85 + 0.01 * Math.sin(i / 600);
    lon[i] = 4.35 + 0.01 * Math.cos(i / 600);
    alt[i] = 50 + 10 * Math.sin(i / 200);
    cad[i] = 168 + (i % 5);
  }
  return { startMs: 1_700_000_000_000 + seed * 86_400_000, tS, hr, speedMps: speed, distanceM: distance, lat, lon, altitudeM: alt, cadence: cad, powerW: null };
}

async function measure(layout: 'row' | 'columnar', activities: number, perActivity: number): Promise<LayoutResult> {
  const db = await openMemoryDb();
  db.run(`CREATE TABLE sample_rows (activity_id INTEGER NOT NULL, i INTEGER NOT NULL, t_s REAL, hr REAL, speed_mps REAL,
    distance_m REAL, lat REAL, lon REAL, altitude_m REAL, cadence REAL, PRIMARY KEY (activity_id, i)) WITHOUT ROWID`);
  db.run(`WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < ${activities})
          INSERT INTO activities (id, source, sport, start_utc, start_ms, start_local, utc_offset_s, local_date, ingested_at, updated_at)
          SELECT value, 'fit', 'running', '', 0, '', 0, '', '', '' FROM n`);
  const runs = Array.from({ length: activities }, (_, i) => syntheticRun(i, perActivity));
  const baseBytes = Number(db.value('PRAGMA page_count')) * Number(db.value('PRAGMA page_size'));
  const t0 = performance.now();
  db.run('BEGIN');
  if (layout === 'columnar') {
    runs.forEach((run, i) => writeSamples(db, i + 1, run));
  } else {
    const stmt = db.raw.prepare('INSERT INTO sample_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    runs.forEach((run, a) => {
      for (let i = 0; i < perActivity; i++) {
        stmt.bind([a + 1, i, run.tS[i] as number, run.hr?.[i] as number, run.speedMps?.[i] as number, run.distanceM?.[i] as number,
          run.lat?.[i] as number, run.lon?.[i] as number, run.altitudeM?.[i] as number, run.cadence?.[i] as number]).stepReset();
      }
    });
    stmt.finalize();
  }
  db.run('COMMIT');
  const writeMs = performance.now() - t0;
  const bytes = Number(db.value('PRAGMA page_count')) * Number(db.value('PRAGMA page_size')) - baseBytes;

  // Read one activity's stream back into typed arrays, averaged over 50 activities.
  const r0 = performance.now();
  for (let k = 0; k < 50; k++) {
    const id = 1 + ((k * 37) % activities);
    if (layout === 'columnar') {
      const row = db.get<{ t_s: Uint8Array; hr: Uint8Array; speed_mps: Uint8Array }>('SELECT t_s, hr, speed_mps, distance_m, lat, lon FROM samples WHERE activity_id = ?', [id]);
      new Float32Array(row?.hr.slice().buffer as ArrayBuffer);
    } else {
      const hr = new Float32Array(perActivity);
      const stmt = db.raw.prepare('SELECT i, hr FROM sample_rows WHERE activity_id = ? ORDER BY i');
      stmt.bind([id]);
      while (stmt.step()) hr[stmt.getInt(0) as number] = stmt.getFloat(1) as number;
      stmt.finalize();
    }
  }
  const readOneMs = (performance.now() - r0) / 50;
  db.raw.close();
  const samples = activities * perActivity;
  return { layout, samples, writeMs, samplesPerSec: samples / (writeMs / 1000), bytes, readOneMs };
}

export async function benchLayouts(activities = 200, perActivity = 3600): Promise<LayoutResult[]> {
  return [await measure('row', activities, perActivity), await measure('columnar', activities, perActivity)];
}
