import { readFileSync, readdirSync } from 'node:fs';
import { decodeFit } from '../src/ingest/fit';
import { decodeFitWithSdk } from '../src/ingest/fitSdk';
import { generatedFitFiles } from '../tools/gen-export/fitFiles';

/**
 * FIT decode throughput: fitbook's decoder (decodeFit) against the @garmin/fitsdk reference
 * (decodeFitWithSdk), both through the same mapper, on the same bytes. One warm-up pass each,
 * then `rounds` alternating timed passes; each side's best pass counts, so that load from other
 * processes on a shared machine (which only ever slows a pass) disturbs the ratio least. In Node
 * the time is the process's CPU time, which such load does not inflate.
 */
export function benchDecode(files: Uint8Array[], { rounds = 5 } = {}): { bytes: number; oursMbPerS: number; sdkMbPerS: number; ratio: number } {
  const bytes = files.reduce((n, f) => n + f.length, 0);
  const pass = (decode: (b: Uint8Array) => unknown) => {
    const t0 = nowMs();
    for (const f of files) decode(f);
    return nowMs() - t0;
  };
  const ours = (b: Uint8Array) => decodeFit(b);
  const sdk = (b: Uint8Array) => decodeFitWithSdk(b);
  pass(ours);
  pass(sdk);
  let oursMs = Infinity;
  let sdkMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    // Ours is ~30x faster: several passes per round keep its timing above timer resolution.
    let ms = 0;
    for (let k = 0; k < 8; k++) ms += pass(ours);
    oursMs = Math.min(oursMs, ms / 8);
    sdkMs = Math.min(sdkMs, pass(sdk));
  }
  const oursMbPerS = bytes / 1e3 / oursMs;
  const sdkMbPerS = bytes / 1e3 / sdkMs;
  return { bytes, oursMbPerS, sdkMbPerS, ratio: oursMbPerS / sdkMbPerS };
}

function nowMs(): number {
  if (typeof process !== 'undefined' && typeof process.cpuUsage === 'function') {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  return performance.now();
}

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
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  await cli(process.argv.slice(2));
}
