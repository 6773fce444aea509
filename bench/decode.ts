import { readFileSync, readdirSync } from 'node:fs';
import { decodeFit } from '../src/ingest/fit';
import { decodeFitWithSdk } from '../src/ingest/fitSdk';
import { generatedFitFiles } from '../tools/gen-export/fitFiles';

/**
 * FIT decode throughput: fitbook's decoder (decodeFit) against the @garmin/fitsdk reference
 * (decodeFitWithSdk), both through the same mapper, on the same bytes. After a warm-up pass of
 * each, `rounds` alternating rounds time whole passes over all files (so each side's garbage
 * collection is paid for), and each side's fastest pass counts: load from other processes on a
 * shared machine only ever slows a pass, so the minimum is the estimate it disturbs least.
 */
export function benchDecode(files: Uint8Array[], { rounds = 7 } = {}): { bytes: number; oursMbPerS: number; sdkMbPerS: number; ratio: number } {
  const bytes = files.reduce((n, f) => n + f.length, 0);
  const pass = (decode: (b: Uint8Array) => unknown) => {
    const t0 = performance.now();
    for (const f of files) decode(f);
    return performance.now() - t0;
  };
  const ours = (b: Uint8Array) => decodeFit(b);
  const sdk = (b: Uint8Array) => decodeFitWithSdk(b);
  pass(ours);
  pass(sdk);
  let oursMs = Infinity;
  let sdkMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    // Ours takes ~1/30 of the time: 4 passes per round keep it from being all noise.
    for (let k = 0; k < 4; k++) oursMs = Math.min(oursMs, pass(ours));
    sdkMs = Math.min(sdkMs, pass(sdk));
  }
  const oursMbPerS = bytes / 1e3 / oursMs;
  const sdkMbPerS = bytes / 1e3 / sdkMs;
  return { bytes, oursMbPerS, sdkMbPerS, ratio: oursMbPerS / sdkMbPerS };
}

/** 1 Hz records with HR, speed, distance, altitude, cadence, power or running dynamics, HRV (real-fit/PROVENANCE.md). */
const MODERN_WATCH_FILES = ['gc__14211916346_ACTIVITY.fit', 'sportslib__6860622783.fit', 'gc__4077461142.fit', 'sportslib__6916663933.fit', 'fitparsers__hrv-activity.fit'];

/** `npx tsx bench/decode.ts [--weeks N] [fixtures-dir]`: generated activity files, then real fixtures. */
async function cli(args: string[]): Promise<void> {
  const weeksAt = args.indexOf('--weeks');
  const weeks = weeksAt >= 0 ? Number(args[weeksAt + 1]) : 8;
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--weeks') ?? 'tests/fixtures/real-fit';
  const generated = (await generatedFitFiles({ seed: 1, weeks })).map((f) => f.bytes);
  const real = readdirSync(dir).filter((f) => f.endsWith('.fit')).map((f) => new Uint8Array(readFileSync(`${dir}/${f}`)));
  const show = (label: string, r: ReturnType<typeof benchDecode>) =>
    console.log(`${label}: ${(r.bytes / 1e6).toFixed(1)} MB; ours ${r.oursMbPerS.toFixed(1)} MB/s, SDK ${r.sdkMbPerS.toFixed(1)} MB/s, ${r.ratio.toFixed(1)}x`);
  show(`generated (${generated.length} files, ${weeks} weeks)`, benchDecode(generated));
  show(`real fixtures (${real.length} files)`, benchDecode(real));
  const modern = MODERN_WATCH_FILES.map((f) => new Uint8Array(readFileSync(`${dir}/${f}`)));
  show(`modern watches (${MODERN_WATCH_FILES.join(', ')})`, benchDecode(modern));
}

// Run as a script (`npx tsx bench/decode.ts`), not when bench/main.ts imports benchDecode.
if (/bench[/\\]decode\.ts$/.test(process.argv[1] ?? '')) {
  await cli(process.argv.slice(2));
}
