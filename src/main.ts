import * as Comlink from 'comlink';
import type { IngestApi } from '../workers/ingest.worker';
import { FitbookApp } from './app/fitbook-app';

// The heavy parts (unzip, FIT decoding, SQLite) live in the worker; the page only renders.
const worker = new Worker(new URL('../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'fitbook-ingest' });
const app = new FitbookApp(Comlink.wrap<IngestApi>(worker));
document.body.append(app);
