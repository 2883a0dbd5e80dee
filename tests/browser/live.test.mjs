// Live reload, in a browser: `cargo xtask test` serves a copy of the site with `serve`'s
// rebuild loop (LIVE_URL) and hands this file the copy's content folder (LIVE_CONTENT) to edit.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';

const LIVE_URL = process.env.LIVE_URL;
const PAGE_FILE = `${process.env.LIVE_CONTENT}/playgrounds/_index.md`;
let browser;

before(async () => {
  assert.ok(LIVE_URL && process.env.LIVE_CONTENT, 'LIVE_URL and LIVE_CONTENT must be set');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('an open page reloads on save, shows a failed build over the page, and recovers', async () => {
  const original = readFileSync(PAGE_FILE, 'utf8');
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${LIVE_URL}playgrounds/`, { waitUntil: 'load' });
    // Give the page's event stream a moment to connect before saving.
    await page.waitForTimeout(300);

    let reloaded = page.waitForEvent('load', { timeout: 10000 });
    writeFileSync(PAGE_FILE, original.replace(/^title: .*$/m, 'title: Playgrounds, edited'));
    await reloaded;
    assert.equal(await page.locator('h1').textContent(), 'Playgrounds, edited');

    writeFileSync(PAGE_FILE, original.replace(/^title: .*$/m, 'title: [unclosed'));
    const overlay = page.locator('div[role="alert"]');
    await overlay.waitFor({ timeout: 10000 });
    assert.match(await overlay.textContent(), /error: .*\n --> content\/playgrounds\/_index\.md:2:8/);

    reloaded = page.waitForEvent('load', { timeout: 10000 });
    writeFileSync(PAGE_FILE, original);
    await reloaded;
    assert.equal(await overlay.count(), 0, 'the overlay is gone after the fix');
    assert.deepEqual(errors, []);
  } finally {
    writeFileSync(PAGE_FILE, original);
  }
});
