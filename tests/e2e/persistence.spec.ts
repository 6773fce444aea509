import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { importFiles, metricValue, openApp } from './helpers';

const FIT = new URL('../fixtures/real-fit/', import.meta.url);

test('close the browser and open it again: the data is still there (OPFS in the profile)', async ({ baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), 'fitbook-profile-'));
  try {
    const launch = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL });
    const first = await launch();
    const page = await first.newPage();
    await openApp(page);
    const names = ['sportslib__6916663933.fit', 'gc__4077461142.fit'];
    await importFiles(page, names.map((name) => ({ name, buffer: readFileSync(new URL(name, FIT)) })));
    expect(await metricValue(page, 'activities')).toBe(2);
    await first.close();

    const second = await launch();
    const again = await second.newPage();
    await openApp(again);
    await expect(again.locator('[data-metric="activities"]')).toHaveAttribute('data-value', '2');
    expect(await metricValue(again, 'fit-linked')).toBe(2);
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
