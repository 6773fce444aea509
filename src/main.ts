import * as Comlink from 'comlink';
import { FitbookApp } from './app/fitbook-app';
import { timedApi } from './app/timedApi';
import type { DatabaseApi } from './database';

// The heavy parts (unzip, FIT decoding, SQLite) live in the worker; the page only renders.
const worker = new Worker(new URL('../workers/database.worker.ts', import.meta.url), { type: 'module', name: 'fitbook-database' });
const app = new FitbookApp(timedApi(Comlink.wrap<DatabaseApi>(worker)));
document.body.append(app);

// After one visit the app opens offline (its data is already on this device); see src/sw.ts.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => console.warn('fitbook: no offline support', error));
}
