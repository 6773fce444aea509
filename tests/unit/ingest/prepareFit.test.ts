import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFit } from '../../../src/ingest/fit';
import { prepareFits, readFitJobs, type FitOutcome } from '../../../src/ingest/prepareFit';
import { InflateBudget, openZip } from '../../../src/ingest/zip';
import { zipBytes } from '../../../tools/zipWriter';

const FIT = new URL('../../fixtures/real-fit/', import.meta.url);
const fit = (name: string) => new Uint8Array(readFileSync(new URL(name, FIT)));

describe('preparing FIT files in batches', () => {
  it('gives each deflated member its own values and SHA-256, though members are inflated into one reused buffer', async () => {
    // Largest first: the later, smaller files overwrite the start of the buffer the first one used.
    const names = ['sportslib__6916663933.fit', 'pyfitparse__garmin-fenix-5-run.fit', 'gc__4077461142.fit', 'sportslib__6860622783.fit'];
    const bytes = names.map(fit);
    const zip = zipBytes(names.map((path, i) => ({ path, data: bytes[i] as Uint8Array })));
    const entries = await openZip(new Blob([zip as Uint8Array<ArrayBuffer>]), '', new InflateBudget());
    const jobs = entries.map((e) => ({ source: e.source(), maxBytes: 2 ** 26, garminActivityId: null }));
    // Two batches at once, as the import sends them: they run one after the other.
    const [first, second] = await Promise.all([prepareFits(await readFitJobs(jobs.slice(0, 2)), new Set()), prepareFits(await readFitJobs(jobs.slice(2)), new Set())]);
    const outcomes = [...(first as FitOutcome[]), ...(second as FitOutcome[])];
    for (const [i, outcome] of outcomes.entries()) {
      const alone = decodeFit(bytes[i] as Uint8Array, { garminActivityId: null });
      expect(outcome.kind).toBe('fit');
      if (outcome.kind !== 'fit') continue;
      expect(outcome.size).toBe(bytes[i]?.length);
      // The file's identity (fit_files.sha256) is the SHA-256 of its bytes, as any tool computes it.
      expect(outcome.sha256).toBe(createHash('sha256').update(bytes[i] as Uint8Array).digest('hex'));
      expect(outcome.result).toEqual(alone);
    }
  });
});
