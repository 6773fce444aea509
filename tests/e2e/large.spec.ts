import { randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generateExport, type GeneratedExport } from '../../tools/gen-export/generate';
import { InflateBudget, openZip } from '../../src/ingest/zip';
import { FileSink, ZipWriter, zipBytes } from '../../tools/zipWriter';
import { ingestPanel, metricValue, openApp } from './helpers';

/**
 * Exports of sizes a browser cannot hold in one buffer: the archive is read by random access,
 * member by member. The big one is built here, on disk, from a generated export's members
 * plus stored padding of random bytes in an unrelated folder (as heavy exports carry thousands
 * of files fitbook does not read), placed so that the activity files sit past the 2 GB mark.
 */

const PADDING_CHUNK = 16 * 2 ** 20;

let dir: string;
let generated: GeneratedExport;
let members: { path: string; data: Uint8Array }[];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fitbook-large-'));
  generated = await generateExport({ seed: 11, weeks: 6 });
  const entries = await openZip(new Blob([generated.accountZip as Uint8Array<ArrayBuffer>]), '', new InflateBudget());
  members = [];
  for (const e of entries) members.push({ path: e.path, data: await e.read(2 ** 30) });
  expect(members.some((m) => m.path.endsWith('.zip'))).toBe(true);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeExport(path: string, options: { paddingBytes: number; zip64: 'auto' | 'always'; partMethod: 'store' | 'deflate' }): void {
  const sink = new FileSink(path);
  const writer = new ZipWriter(sink, { zip64: options.zip64 });
  const isPart = (p: string) => p.endsWith('.zip');
  for (const m of members.filter((m) => !isPart(m.path))) writer.add(m.path, m.data);
  const chunk = randomFillSync(new Uint8Array(PADDING_CHUNK));
  let left = options.paddingBytes;
  for (let i = 0; left > 0; i++) {
    // Members of up to 1 GiB, each streamed from the same random chunk.
    const size = Math.min(left, 2 ** 30);
    const chunks = function* () {
      for (let done = 0; done < size; done += PADDING_CHUNK) yield chunk.subarray(0, Math.min(PADDING_CHUNK, size - done));
    };
    writer.addStored(`f1e2d3c4-0000-4000-8000-000000000001_1/DI_CONNECT/DI-Connect-Media/video-${i}.bin`, size, chunks());
    left -= size;
  }
  for (const m of members.filter((m) => isPart(m.path))) writer.add(m.path, m.data, { method: options.partMethod });
  writer.close();
  sink.close();
}

async function importPath(page: Page, path: string): Promise<void> {
  const before = await ingestPanel(page).getAttribute('data-ingest-id');
  await page.locator('input[type=file][data-testid="import-files"]').setInputFiles(path);
  await expect(ingestPanel(page)).not.toHaveAttribute('data-ingest-id', before ?? '0', { timeout: 300_000 });
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'done');
}

test('an account export over 2 GB imports every activity it holds', async ({ page }) => {
  test.setTimeout(600_000);
  const path = join(dir, 'garmin-export-2.2GB.zip');
  writeExport(path, { paddingBytes: Math.round(2.2 * 2 ** 30), zip64: 'auto', partMethod: 'store' });
  expect(statSync(path).size).toBeGreaterThan(2 * 2 ** 30);
  const m = generated.manifest;
  await openApp(page);
  await importPath(page, path);
  await expect(page.locator('[data-skipped]')).toHaveCount(0);
  expect(await metricValue(page, 'activities')).toBe(m.account.activities);
  expect(await metricValue(page, 'added')).toBe(m.account.activities);
  expect(await metricValue(page, 'fit-linked')).toBe(m.account.activitiesWithFit);
  expect(await metricValue(page, 'wellness-days')).toBe(m.account.wellnessDays);
});

test('a Zip64 export with a deflated UploadedFiles part imports every activity it holds', async ({ page }) => {
  const path = join(dir, 'garmin-export-zip64.zip');
  writeExport(path, { paddingBytes: 0, zip64: 'always', partMethod: 'deflate' });
  const m = generated.manifest;
  await openApp(page);
  await importPath(page, path);
  await expect(page.locator('[data-skipped]')).toHaveCount(0);
  expect(await metricValue(page, 'activities')).toBe(m.account.activities);
  expect(await metricValue(page, 'fit-linked')).toBe(m.account.activitiesWithFit);
  // The deflated part was inflated to scratch files in OPFS, and they are gone afterwards.
  const scratch = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    try {
      const handle = await root.getDirectoryHandle('fitbook-scratch');
      for await (const name of (handle as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    } catch {
      return 'none';
    }
    return names.join(',');
  });
  expect(['none', '']).toContain(scratch);
});

test('a damaged file in the middle of an export is named with its reason; everything else imports', async ({ page }) => {
  // The UploadedFiles part rebuilt with one activity FIT whose deflated bytes are garbled, one
  // truncated FIT and one that is not a FIT at all, between the good ones.
  const part = members.find((m) => m.path.endsWith('.zip')) as { path: string; data: Uint8Array };
  const inner = await openZip(new Blob([part.data as Uint8Array<ArrayBuffer>]), '', new InflateBudget());
  const fits = [];
  for (const e of inner) fits.push({ path: e.path, data: await e.read() });
  const activityFits = fits.filter((f) => f.data.length > 20_000);
  const [garbled, truncated, notFit] = activityFits.slice(3, 6) as { path: string; data: Uint8Array }[];
  const rebuilt = zipBytes(fits.map((f) => {
    if (f === truncated) return { path: f.path, data: f.data.slice(0, f.data.length - 500) };
    if (f === notFit) return { path: f.path, data: new TextEncoder().encode('this is not a FIT file at all') };
    return { path: f.path, data: f.data };
  }));
  // Garble the deflated bytes of one member in place (its directory entry stays right).
  const name = new TextEncoder().encode(garbled?.path);
  const at = rebuilt.findIndex((_, i) => rebuilt[i] === 0x50 && rebuilt[i + 1] === 0x4b && rebuilt[i + 2] === 3 && rebuilt[i + 3] === 4
    && rebuilt.subarray(i + 30, i + 30 + name.length).every((b, k) => b === name[k]));
  expect(at).toBeGreaterThan(-1);
  const dataStart = at + 30 + name.length;
  for (let i = dataStart + 100; i < dataStart + 400; i++) rebuilt[i] = (rebuilt[i] as number) ^ 0x5a;
  const path = join(dir, 'garmin-export-damaged.zip');
  const sink = new FileSink(path);
  const writer = new ZipWriter(sink);
  for (const m of members) writer.add(m.path, m === part ? rebuilt : m.data, { method: m === part ? 'store' : 'deflate' });
  writer.close();
  sink.close();

  const m = generated.manifest;
  await openApp(page);
  await importPath(page, path);
  const skipped = page.locator('[data-skipped]');
  await expect(skipped).toHaveCount(3);
  const reasons = Object.fromEntries(await skipped.evaluateAll((els) => els.map((el) => [el.getAttribute('data-file')?.split('/').pop(), el.getAttribute('data-reason')])));
  const base = (p?: string) => p?.split('/').pop() as string;
  expect(reasons[base(garbled?.path)]).toMatch(/damaged|corrupted|truncated/);
  expect(reasons[base(truncated?.path)]).toMatch(/truncated/);
  expect(reasons[base(notFit?.path)]).toMatch(/not a FIT file/);
  for (const reason of Object.values(reasons)) expect(reason).not.toMatch(/TypeError|DOMException|incorrect header|undefined/);
  // Every other activity and every stream but the three arrived.
  expect(await metricValue(page, 'activities')).toBe(m.account.activities);
  expect(await metricValue(page, 'fit-linked')).toBe(m.account.activitiesWithFit - 3);
});
