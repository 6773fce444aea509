// Entry of `npm run bench`: load the TypeScript benchmark through Vite's module runner, so it
// sees the same module graph as the app (including `?raw` SQL imports).
import process from 'node:process';
import { runnerImport } from 'vite';

const { module } = await runnerImport('./bench/main.ts', { configFile: false, logLevel: 'error' });
await module.main();
process.exit(0);
