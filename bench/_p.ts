import { readFileSync } from 'node:fs';
import { openMemoryDb } from '../src/db/node';
import { ingestFiles } from '../src/ingest/ingest';
export async function main() {
  const db = await openMemoryDb();
  const zip = readFileSync('bench/out/2y/garmin-account-export.zip');
  const t0 = performance.now();
  const r = await ingestFiles(db, [new File([zip], 'x.zip')]);
  console.log('ingest ms', Math.round(performance.now() - t0), r.activitiesAdded, r.fitLinked);
}
