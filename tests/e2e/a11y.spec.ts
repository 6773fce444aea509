import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { generateExport } from '../../tools/gen-export/generate';
import { importFiles, openApp } from './helpers';

for (const colorScheme of ['light', 'dark'] as const) test(`no serious or critical accessibility violation with every cell (${colorScheme} theme)`, async ({ browser }) => {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const generated = await generateExport({ seed: 29, weeks: 6 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  for (const cell of ['overview', 'fitness', 'plan', 'forecast', 'week', 'zones', 'activities', 'sql']) {
    await expect(page.locator(`[data-cell="${cell}"]`)).toBeVisible();
  }
  await expect(page.locator('[data-cell="activities"] [data-testid="activities-count"]')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  await context.close();
});
