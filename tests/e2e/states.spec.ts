import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { downloadDatabase, importFiles, openApp } from './helpers';

/**
 * The states a real runner meets first (#15): a history that ended years ago, summaries without
 * a stream or Garmin's load, a phone. Every cell must say something true, never NaN or a
 * "0.000000" axis.
 */

const SUMMARIES = new URL('../fixtures/garmin-export-samples/full-export-2026/DI_CONNECT/DI-Connect-Fitness/user@example.com_1001_summarizedActivities.json', import.meta.url);

/** Every text a cell shows, its shadow DOM and SVG included. */
function cellText(page: Page, kind: string): Promise<string> {
  return page.locator(`[data-cell="${kind}"]`).first().evaluate((el) => {
    const parts: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
      if (n instanceof Element && n.tagName.toLowerCase() === 'style') return;
      if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
      n.childNodes.forEach(walk);
    };
    walk(el);
    return parts.join(' ');
  });
}

const KINDS = ['overview', 'fitness', 'plan', 'plan-builder', 'deck', 'replan', 'forecast', 'week', 'calendar', 'decoupling', 'zones', 'routes', 'efficiency', 'recovery', 'records', 'predictions', 'consistency', 'activities', 'sql'];

test('a history of summaries only, its newest activity years ago: every cell honest, every HR-bearing day has a load', async ({ page }) => {
  await openApp(page);
  await importFiles(page, [{ name: 'user@example.com_1001_summarizedActivities.json', buffer: readFileSync(SUMMARIES) }]);
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', '12');
  const fitness = page.locator('[data-cell="fitness"]');
  // The 2020 run has an average HR but no Garmin load and no stream: its load is estimated.
  await expect(fitness.locator('[data-metric="load-estimated-activities"]')).toHaveAttribute('data-value', '1');
  for (const kind of KINDS) {
    await expect(page.locator(`[data-cell="${kind}"] h2`).first(), kind).toBeVisible();
    await page.waitForTimeout(50);
    const text = await cellText(page, kind);
    expect(text.match(/NaN|Infinity|0\.000000|\b00000/)?.[0] ?? null, `${kind}: ${text.slice(0, 300)}`).toBeNull();
  }
  // Predictions from efforts years old: the chart ends when the last one stops counting, and says so.
  await expect(page.locator('[data-cell="predictions"] [data-testid="predictions-ended"], [data-cell="predictions"] [data-testid="predictions-empty"]')).toBeVisible();

  // Every day with an HR-bearing activity carries load in the Fitness CSV.
  const db = await downloadDatabase(page);
  const days = db.all<{ d: string }>('SELECT DISTINCT local_date AS d FROM activities WHERE avg_hr > 0 ORDER BY d').map((r) => r.d);
  expect(days.length).toBeGreaterThan(5);
  const [download] = await Promise.all([page.waitForEvent('download'), fitness.locator('[data-action="download-csv"]').click()]);
  const rows = readFileSync(await download.path(), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const loadOn = new Map(rows.map((r) => [r[0], Number(r[1])]));
  for (const d of days) expect(loadOn.get(d), d).toBeGreaterThan(0);
});

test('a 390 px phone: no page scrolls sideways with every cell shown', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await page.locator('[data-action="load-sample"]').click();
  await expect(page.locator('[data-ingest-state="done"]')).toBeAttached({ timeout: 120_000 });
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .figures')).toBeVisible();
  for (const kind of [...KINDS, 'activity']) await expect(page.locator(`[data-cell="${kind}"] h2`).first(), kind).toBeVisible();
  await page.waitForTimeout(300);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
});
