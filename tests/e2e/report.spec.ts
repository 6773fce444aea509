import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CELL_KINDS } from '../../src/notebook/layout';
import { expect, test, type Page } from '@playwright/test';
import { HtmlValidate } from 'html-validate';
import { listActivities } from '../../src/db/queries';
import { generateExport } from '../../tools/gen-export/generate';
import { EDGE_NAMES } from '../../tools/gen-export/plan';
import { downloadDatabase, importFiles, openApp } from './helpers';

async function exportReport(page: Page, set: { athlete?: string; routes?: boolean; blur?: boolean; hideNames?: boolean } = {}): Promise<{ path: string; html: string }> {
  await page.locator('[data-action="export-report"]').click();
  const dialog = page.locator('fitbook-report-dialog dialog');
  await expect(dialog).toBeVisible();
  if (set.athlete !== undefined) await dialog.locator('[data-testid="report-athlete"]').fill(set.athlete);
  if (set.routes !== undefined) await dialog.locator('[data-testid="report-routes"]').setChecked(set.routes);
  if (set.blur !== undefined) await dialog.locator('[data-testid="report-blur"]').setChecked(set.blur);
  if (set.hideNames !== undefined) await dialog.locator('[data-testid="report-hide-names"]').setChecked(set.hideNames);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('[data-action="download-report"]').click()]);
  // Saved under its suggested name: a browser decides from the .html extension how to open a file.
  const path = join(mkdtempSync(join(tmpdir(), 'fitbook-report-')), download.suggestedFilename());
  await download.saveAs(path);
  expect(path).toMatch(/fitbook-report-\d{4}-\d{2}-\d{2}\.html$/);
  return { path, html: readFileSync(path, 'utf8') };
}

test('the exported report opens from disk offline with every chosen cell, is valid HTML, has no URL, and runs nothing', async ({ page, browser }) => {
  let alerted = false;
  page.on('dialog', (d) => { alerted = true; void d.dismiss(); });
  const generated = await generateExport({ seed: 61, weeks: 20 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  for (const kind of ['fitness', 'forecast', 'decoupling', 'routes', 'efficiency', 'recovery']) await expect(page.locator(`[data-cell="${kind}"] [role="img"] svg`).first(), kind).toBeVisible();
  await expect(page.locator('[data-cell="records"] [data-testid="records-predictions"]')).toBeVisible();
  const shown = await page.locator('[data-slot]').evaluateAll((slots) => slots.map((s) => s.getAttribute('data-slot') as string));

  const athlete = '<b>Ann</b> & "Co" <script>alert(2)</script>';
  const { path, html } = await exportReport(page, { athlete, blur: false });
  // No script, no URL of any kind (not even a namespace), and the user's strings escaped.
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/(?:https?|wss?|ftp):/i);
  // Anything that could load: only inline data (a legend's colour ramp) or in-page references.
  expect([...html.matchAll(/\b(?:src|href|xlink:href|action|poster)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]).filter((u) => !/^(data:image\/|#)/.test(u ?? ''))).toEqual([]);
  expect(html).toContain('&lt;b&gt;Ann&lt;/b&gt; &amp; "Co" &lt;script&gt;alert(2)&lt;/script&gt;');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).not.toContain(EDGE_NAMES.html);

  const validity = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(html, 'report.html');
  expect(validity.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (${m.line}:${m.column})`))).toEqual([]);

  // Opened from file:// with every request refused: all the chosen cells, with their charts, and nothing asked for.
  const offline = await browser.newContext({ offline: true, javaScriptEnabled: true });
  const requests: string[] = [];
  offline.on('request', (r) => requests.push(r.url()));
  await offline.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const report = await offline.newPage();
  let reportAlerted = false;
  report.on('dialog', (d) => { reportAlerted = true; void d.dismiss(); });
  await report.goto(`file://${path}`);
  for (const kind of shown) await expect(report.locator(`section.cell[data-cell="${kind}"]`), kind).toBeVisible();
  for (const kind of ['overview', 'fitness', 'forecast', 'decoupling', 'routes', 'efficiency', 'recovery', 'activity']) {
    await expect(report.locator(`section.cell[data-cell="${kind}"] svg`).first(), kind).toBeVisible();
  }
  await expect(report.locator('section.cell[data-cell="routes"] svg[data-gps] path').first()).toBeAttached();
  await expect(report.locator('h1')).toContainText('<b>Ann</b>');
  await expect(report.locator('img, script, button, input, select')).toHaveCount(0);
  expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  expect(reportAlerted || alerted).toBe(false);
  await offline.close();
});

test('report privacy options: routes stripped or their ends blurred, activity names hidden', async ({ page }) => {
  const generated = await generateExport({ seed: 62, weeks: 10 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(page.locator('[data-cell="routes"] svg[data-gps] path').first()).toBeVisible();
  await expect(page.locator('[data-cell="records"] [data-testid="records-predictions"]')).toBeVisible();
  const db = await downloadDatabase(page);
  const names = [...new Set(listActivities(db).flatMap((a) => (a.name ? [a.name] : [])))];
  expect(names.length).toBeGreaterThan(3);

  const pathsOf = (html: string) => [...html.matchAll(/<svg data-gps[^>]*>\s*<path d="([^"]*)"/g)].map((m) => m[1]);
  const plain = await exportReport(page, { routes: true, blur: false });
  const blurred = await exportReport(page, { routes: true, blur: true });
  expect(pathsOf(plain.html).length).toBeGreaterThan(0);
  expect(pathsOf(blurred.html).length).toBeLessThanOrEqual(pathsOf(plain.html).length);
  expect(pathsOf(blurred.html)).not.toEqual(pathsOf(plain.html));
  expect(blurred.html).not.toContain('data-d-blurred');

  const hidden = await exportReport(page, { routes: false, hideNames: true });
  expect(hidden.html).not.toMatch(/<svg data-gps/);
  expect(hidden.html).toContain('route not included');
  const text = hidden.html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&').replaceAll('&quot;', '"');
  for (const name of names.filter((n) => n.length >= 4)) expect(text, name).not.toContain(name);
  expect(plain.html.replaceAll('&lt;', '<').replaceAll('&gt;', '>')).toContain(EDGE_NAMES.html);
});

test('the report of every cell holds no form control and no editing text; each cell says its parameters in words', async ({ page }) => {
  const generated = await generateExport({ seed: 63, weeks: 16 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  // Every kind on screen, with parameters away from their defaults and a query run.
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  await page.locator('[data-cell="fitness"] select').first().selectOption('90d');
  const activities = page.locator('[data-cell="activities"]');
  await activities.locator('[data-testid="activities-search"]').fill('run');
  await page.locator('[data-cell="sql"] textarea').fill('SELECT sport, count(*) AS n FROM activities GROUP BY sport');
  await page.locator('[data-cell="sql"] [data-action="run-sql"]').click();
  await expect(page.locator('[data-cell="sql"] [data-testid="sql-row-count"]')).toBeVisible();
  await page.locator('[data-cell="plan"] tbody tr').first().locator('input[data-field="distance_km"]').fill('42');
  const shown = await page.locator('[data-slot]').evaluateAll((slots) => slots.map((s) => s.getAttribute('data-slot') as string));
  expect(shown).toHaveLength(CELL_KINDS.length);

  const { path } = await exportReport(page);
  const report = await page.context().newPage();
  await report.goto(`file://${path}`);
  const cells = report.locator('section.cell');
  await expect(cells).toHaveCount(CELL_KINDS.length);
  await expect(report.locator('input, select, textarea, button, label, [data-edit], [data-action]')).toHaveCount(0);
  const editing = /Ctrl\+Enter|Choose…|Add week|Undo|Import CSV|Export CSV|Download|Collapse|Expand|New plan|Remove|One row per ISO week|add one in the plan|Read-only queries/;
  for (const kind of shown) {
    const text = await report.locator(`section.cell[data-cell="${kind}"]`).innerText();
    expect(text.match(editing)?.[0] ?? null, kind).toBeNull();
  }
  const params = (kind: string) => report.locator(`section.cell[data-cell="${kind}"] .params`);
  await expect(params('fitness')).toHaveText('Range: 90 days');
  await expect(params('zones')).toHaveText('Range: the last 12 weeks');
  await expect(params('recovery')).toHaveText('Range: 90 days');
  await expect(params('activities')).toHaveText('Type: All · Name contains: run · Sorted by: Date, descending');
  await expect(params('plan')).toHaveText('Plan: A plan');
  await expect(params('sql')).toHaveText('Query: SELECT sport, count(*) AS n FROM activities GROUP BY sport');
  // (Activity names may hold a ×, "6×800 m": the plan's remove buttons may not.)
  expect(await report.locator('section.cell[data-cell="plan"]').innerText()).not.toContain('×');
  // The plan's values are in the report as text: the edited distance, the phase.
  await expect(report.locator('section.cell[data-cell="plan"] tbody tr').first()).toContainText('42');
  await report.close();
});
