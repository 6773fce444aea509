import { readFileSync, readdirSync } from 'node:fs';
import { decodeFit } from '../src/ingest/fit';
import { decodeFitWithSdk } from '../src/ingest/fitSdk';
import { generatedFitFiles } from '../tools/gen-export/fitFiles';

/**
 * FIT decode throughput: fitbook's decoder (decodeFit) against the @garmin/fitsdk reference
 * (decodeFitWithSdk), both through the same mapper, on the same bytes: one warm-up pass each,
 * then timed passes until `minMs` has elapsed.
 */
export function benchDecode(files: Uint8Array[], { minMs = 1500 } = {}): { bytes: number; oursMbPerS: number; sdkMbPerS: number; ratio: number } {
  const bytes = files.reduce((n, f) => n + f.length, 0);
  const mbPerS = (decode: (b: Uint8Array) => unknown) => {
    for (const f of files) decode(f);
    let passes = 0;
    const t0 = performance.now();
    do {
      for (const f of files) decode(f);
      passes++;
    } while (performance.now() - t0 < minMs);
    return (bytes * passes) / 1e6 / ((performance.now() - t0) / 1000);
  };
  const oursMbPerS = mbPerS((b) => decodeFit(b));
  const sdkMbPerS = mbPerS((b) => decodeFitWithSdk(b));
  return { bytes, oursMbPerS, sdkMbPerS, ratio: oursMbPerS / sdkMbPerS };
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
