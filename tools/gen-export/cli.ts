import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, generateExport, GENERATOR_VERSION, type Manifest } from './generate';
import { writeHeavyExport } from './heavy';

/**
 * tsx tools/gen-export/cli.ts --seed 1 --weeks 52 --out DIR [--record-interval N] [--end YYYY-MM-DD]
 * tsx tools/gen-export/cli.ts --seed 1 --weeks 26 --sample public/sample --if-missing
 *
 * Writes DIR/garmin-account-export.zip, DIR/connect-export.zip and DIR/manifest.json.
 * --sample is the same output for the app's bundled "Load sample data"; with --if-missing it
 * does nothing when DIR already holds an export made with the same options.
 *
 * tsx tools/gen-export/cli.ts --heavy --seed 42 [--years 10] [--pad-to 4G] [--out DIR]
 * streams the heavy benchmark export (heavy.ts) to DIR/garmin-account-export.zip + manifest.json.
 */

const USAGE = 'usage: tsx tools/gen-export/cli.ts --seed N --weeks N [--out DIR (default generated-export/seed-N-Nw) | --sample DIR [--if-missing]] [--record-interval S] [--end YYYY-MM-DD]\n'
  + '       tsx tools/gen-export/cli.ts --heavy --seed N [--years N (10)] [--pad-to BYTES, e.g. 4G] [--out DIR (default generated-export/heavy-seed-N-Ny)] [--end YYYY-MM-DD]';

const FILES = { account: 'garmin-account-export.zip', connect: 'connect-export.zip', manifest: 'manifest.json' };

interface Args {
  heavy: null | { years: number; padToBytes: number | undefined };
  seed: number;
  weeks: number;
  dir: string;
  ifMissing: boolean;
  recordIntervalS: number;
  endDate: string;
  /** Written for the app's "Load sample data" (--sample). */
  sample: boolean;
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--if-missing' || arg === '--heavy' || arg === '--help' || arg === '-h') flags.add(arg);
    else if (arg.startsWith('--') && i + 1 < argv.length) values.set(arg, argv[++i] as string);
    else throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
  }
  if (flags.has('--help') || flags.has('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, fallback?: number): number => {
    const raw = values.get(name);
    if (raw === undefined) {
      if (fallback === undefined) throw new Error(`${name} is required\n${USAGE}`);
      return fallback;
    }
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
    return n;
  };
  const out = values.get('--out');
  const sample = values.get('--sample');
  if (out !== undefined && sample !== undefined) throw new Error(`give one of --out DIR or --sample DIR, not both\n${USAGE}`);
  if (flags.has('--if-missing') && sample === undefined) throw new Error('--if-missing only goes with --sample');
  for (const key of values.keys()) {
    if (!['--seed', '--weeks', '--out', '--sample', '--record-interval', '--end', '--years', '--pad-to'].includes(key)) throw new Error(`unknown option ${key}\n${USAGE}`);
  }
  const seed = int('--seed');
  if (flags.has('--heavy')) {
    if (sample !== undefined || values.has('--weeks') || values.has('--record-interval')) throw new Error(`--heavy takes --years, not --weeks, --sample or --record-interval\n${USAGE}`);
    const years = int('--years', 10);
    return {
      heavy: { years, padToBytes: values.has('--pad-to') ? bytesArg(values.get('--pad-to') as string) : undefined },
      seed, weeks: years * 52, dir: out ?? `generated-export/heavy-seed-${seed}-${years}y`, ifMissing: false,
      recordIntervalS: 1, endDate: values.get('--end') ?? DEFAULTS.endDate, sample: false,
    };
  }
  if (values.has('--years') || values.has('--pad-to')) throw new Error(`--years and --pad-to go with --heavy\n${USAGE}`);
  const weeks = int('--weeks');
  return {
    heavy: null,
    seed,
    weeks,
    // Without a folder, write next to where the command runs, named for what it holds.
    dir: out ?? sample ?? `generated-export/seed-${seed}-${weeks}w`,
    ifMissing: flags.has('--if-missing'),
    recordIntervalS: int('--record-interval', DEFAULTS.recordIntervalS),
    endDate: values.get('--end') ?? DEFAULTS.endDate,
    sample: sample !== undefined,
  };
}

/** "4G", "1500M" or a byte count. */
function bytesArg(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(raw);
  if (!m) throw new Error(`--pad-to must be bytes or a size like 4G, got "${raw}"`);
  const unit = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[(m[2] ?? '').toUpperCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** True when DIR already holds all three files from a run with the same options. */
function upToDate(args: Args): boolean {
  const manifestPath = join(args.dir, FILES.manifest);
  if (!existsSync(manifestPath) || !existsSync(join(args.dir, FILES.account)) || !existsSync(join(args.dir, FILES.connect))) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<Manifest>;
    return m.seed === args.seed && m.weeks === args.weeks && m.endDate === args.endDate
      && m.recordIntervalS === args.recordIntervalS && m.generatorVersion === GENERATOR_VERSION;
  } catch {
    return false;
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.ifMissing && upToDate(args)) {
    console.log(`gen-export: ${args.dir} already holds seed ${args.seed}, ${args.weeks} weeks; nothing to do`);
    return;
  }
  const started = performance.now();
  if (args.heavy) {
    mkdirSync(args.dir, { recursive: true });
    const { manifest } = await writeHeavyExport({
      seed: args.seed, years: args.heavy.years, endDate: args.endDate, padToBytes: args.heavy.padToBytes,
      outPath: join(args.dir, FILES.account), log: (line) => console.error(`gen-export: ${line}`),
    });
    writeFileSync(join(args.dir, FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
    console.log(
      `gen-export: heavy, seed ${manifest.seed}, ${manifest.years} years -> ${args.dir}: ${mb(manifest.zipBytes)} `
      + `(${manifest.activities} activities, ${manifest.activitiesWithFit} FITs, ${manifest.runsWithHrv} runs with R-R, `
      + `${manifest.monitoringFiles} monitoring FITs, ${manifest.uploadedParts.length} parts, FIT ${mb(manifest.fitBytes)} uncompressed, `
      + `padding ${mb(manifest.paddingBytes)}), ${manifest.seconds.toFixed(1)} s`,
    );
    return;
  }
  const { accountZip, connectZip, manifest } = await generateExport({
    seed: args.seed, weeks: args.weeks, endDate: args.endDate, recordIntervalS: args.recordIntervalS,
    // The bundled sample is what a newcomer sees first: no hostile names (the tests keep them).
    hostileNames: !args.sample,
  });
  mkdirSync(args.dir, { recursive: true });
  writeFileSync(join(args.dir, FILES.account), accountZip);
  writeFileSync(join(args.dir, FILES.connect), connectZip);
  writeFileSync(join(args.dir, FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  const a = manifest.account;
  console.log(
    `gen-export: seed ${manifest.seed}, ${manifest.weeks} weeks (${manifest.startDate}..${manifest.endDate}) -> ${args.dir}: `
    + `account ${mb(accountZip.length)} (${a.activities} activities, ${a.activitiesWithFit} with FIT, ${a.monitoringFiles} monitoring FITs, `
    + `${a.uploadedParts.length} part(s), ${a.wellnessDays} wellness days), connect ${mb(connectZip.length)} `
    + `(${manifest.connect.fitFiles} FITs, ${manifest.connect.newActivities} new), ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`gen-export: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
