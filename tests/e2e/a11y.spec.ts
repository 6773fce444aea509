import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CELL_KINDS } from '../../src/notebook/layout';
import { generateExport } from '../../tools/gen-export/generate';
import { importFiles, openApp } from './helpers';

for (const colorScheme of ['light', 'dark'] as const) test(`no serious or critical accessibility violation with every cell (${colorScheme} theme)`, async ({ browser }) => {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const generated = await generateExport({ seed: 29, weeks: 6 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  // Every kind of cell, the activity cell opened from a row, each with its content drawn.
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  for (const cell of CELL_KINDS) await expect(page.locator(`[data-cell="${cell}"]`), cell).toBeVisible();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  for (const cell of ['decoupling', 'routes', 'efficiency', 'recovery']) await expect(page.locator(`[data-cell="${cell}"] [role="img"] svg`).first(), cell).toBeVisible();
  await expect(page.locator('[data-cell="records"] [data-testid="records-predictions"]')).toBeVisible();
  await expect(page.locator('[data-cell="activities"] [data-testid="activities-count"]')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  await context.close();
});
