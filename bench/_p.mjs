import { runnerImport } from 'vite';
const { module } = await runnerImport('./bench/_p.ts', { configFile: false, logLevel: 'error' });
await module.main();
