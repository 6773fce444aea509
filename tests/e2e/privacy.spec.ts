import { expect, test } from '@playwright/test';
import { CELL_KINDS } from '../../src/notebook/layout';
import { generateExport } from '../../tools/gen-export/generate';
import { importFiles, openApp } from './helpers';

test('nothing leaves the page\'s origin while importing and using every cell; the CSP blocks any other origin', async ({ page, context }) => {
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const generated = await generateExport({ seed: 51, weeks: 12 });
  await openApp(page);
  const origin = new URL(page.url()).origin;
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(page.locator('[data-cell="fitness"] [data-metric="ctl"]')).toBeVisible();

  // Click through every cell: open the activity cell, use each cell's selects, collapse and expand, download each CSV.
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  await page.locator('[data-cell="sql"] [data-action="run-sql"]').click();
  await expect(page.locator('[data-cell="sql"] [data-testid="sql-row-count"]')).toBeVisible();
  for (const kind of CELL_KINDS) {
    const cell = page.locator(`[data-cell="${kind}"]`);
    for (const select of await cell.locator('select').all()) {
      const values = await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      if (values.length > 1) await select.selectOption(values[values.length - 1] as string);
    }
    await cell.locator('[data-action="cell-collapse"]').click();
    await cell.locator('[data-action="cell-collapse"]').click();
    const csv = cell.locator(kind === 'plan' ? '[data-action="plan-export"]' : '[data-action="download-csv"]');
    if (await csv.isEnabled()) await Promise.all([page.waitForEvent('download'), csv.click()]);
  }
  await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-db"]').click()]);
  await page.reload();
  await expect(page.locator('[data-cell="fitness"] [data-metric="ctl"]')).toBeVisible();

  expect(requests.length).toBeGreaterThan(5);
  expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);

  // The policy itself: a request to another origin is refused by the browser before it is sent.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("default-src 'self'");
  const blocked = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.violatedDirective} ${e.blockedURI}`), { once: true }));
    await fetch('https://tiles.example.com/0/0/0.png').catch(() => undefined);
    return violation;
  });
  expect(blocked).toMatch(/^connect-src https:\/\/tiles\.example\.com/);
});
