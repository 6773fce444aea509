import { expect, test } from '@playwright/test';
import { generateExport } from '../../tools/gen-export/generate';
import { importFiles, openApp } from './helpers';

test('after one visit the app opens offline and the notebook renders from OPFS; it is installable', async ({ page, context }) => {
  const generated = await generateExport({ seed: 71, weeks: 6 });
  await openApp(page);
  // The service worker has cached the app shell and the wasm, and controls the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const ctl = await page.locator('[data-cell="fitness"] [data-metric="ctl"]').getAttribute('data-value');

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-cell="fitness"] [data-metric="ctl"]')).toHaveAttribute('data-value', ctl ?? '');
  await expect(page.locator('[data-cell="routes"] svg path').first()).toBeVisible();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await context.setOffline(false);

  // Installable: a manifest with a name, standalone display and 192 and 512 px icons that load.
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(new URL(href ?? '', page.url()).href)).json() as { name: string; display: string; start_url: string; icons: { src: string; sizes: string }[] };
  expect(manifest.name).toContain('fitbook');
  expect(manifest.display).toBe('standalone');
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size);
    expect(icon, size).toBeDefined();
    const response = await page.request.get(new URL(icon?.src ?? '', page.url()).href);
    expect(response.headers()['content-type']).toBe('image/png');
  }
});
