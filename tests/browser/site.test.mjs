// Browser tests against the built site, in headless Chromium driven by playwright-core.
// `cargo xtask test` builds the site, serves it on 127.0.0.1 with its own _headers (so under
// its Content-Security-Policy) and runs this file with SITE_URL (the site's root URL, which may
// be a sub-path such as /ds-guide/), CHROMIUM (the browser binary) and SCREENSHOTS (a folder).
// A CSP violation shows up as a console error, so the page tests catch it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium } from './chromium.mjs';

const SITE_URL = process.env.SITE_URL;
const SCREENSHOTS = process.env.SCREENSHOTS ?? 'target/browser-screenshots';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['', 'algorithms/', 'algorithms/consistent-hashing/', 'algorithms/quorum/', 'algorithms/raft/',
  'algorithms/lsm/', 'algorithms/bloom/', 'algorithms/vector-clocks/', 'compute/', 'compute/placement/',
  'compute/scaling/', 'compute/load-distribution/', 'latency/', 'playgrounds/', 'playgrounds/quorum/',
  'playgrounds/load-balancer/', 'playgrounds/autoscaler/', 'playgrounds/shard-skew/', 'storage/', 'storage/replication/',
  'storage/sharding/', 'storage/data-systems/', 'databases/', 'databases/relational/', 'databases/non-relational/',
  'databases/vector/', 'transactions/', 'transactions/two-phase-commit/', 'transactions/consensus-commit/',
  'transactions/sagas/', 'consistency/', 'consistency/strong/', 'consistency/causal/', 'consistency/eventual/',
  'networking/', 'networking/service-discovery/', 'networking/gateways/', 'networking/protocols/', 'playgrounds/retry-storm/',
  'kubernetes/', 'kubernetes/pods/', 'kubernetes/controllers/', 'kubernetes/sidecars/', 'kubernetes/deployment-strategies/',
  'playgrounds/k8s-explorer/', 'foundations/', 'foundations/requirements/', 'foundations/architecture-choices/',
  'foundations/failure-analysis/', 'foundations/design-review/', 'os/', 'os/virtualization/', 'os/concurrency/',
  'os/persistence/', 'solid/', 'solid/single-responsibility/', 'solid/open-closed/', 'solid/liskov-substitution/',
  'solid/interface-segregation/', 'solid/dependency-inversion/'];

let browser;

before(async () => {
  assert.ok(SITE_URL, 'SITE_URL must name the served site');
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Opens `path` of the site, recording console errors, page errors and failed requests. */
async function open(path, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  // Requests still unanswered, so a page that never finishes loading says what it waits for.
  const pending = new Set();
  page.on('request', (request) => pending.add(request.url()));
  page.on('requestfinished', (request) => pending.delete(request.url()));
  page.on('requestfailed', (request) => pending.delete(request.url()));
  // 'load', not 'networkidle': widgets fetch their modules lazily and mountAll waits for them,
  // and on a busy 2-core machine a 500 ms quiet window can take longer than the timeout.
  try {
    await page.goto(SITE_URL + path, { waitUntil: 'load' });
  } catch (error) {
    throw new Error(`${error.message}\nstill pending: ${[...pending].join(', ') || 'nothing'}`);
  }
  return { context, page, problems };
}

/** Scrolls every widget figure into view (they mount lazily) and waits until all are live. */
async function mountAll(page) {
  const figures = page.locator('figure.widget[data-widget]');
  for (let index = 0; index < await figures.count(); index += 1) {
    const figure = figures.nth(index);
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((element) => element.dataset.mounted !== undefined, await figure.elementHandle());
    assert.equal(await figure.getAttribute('data-mounted'), 'true', `widget ${index} on ${page.url()} mounted`);
  }
  return figures.count();
}

async function expectText(locator, pattern) {
  const deadline = Date.now() + 5000;
  let text = '';
  while (Date.now() < deadline) {
    text = await locator.textContent();
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(text, pattern);
}

/** Opens the page's current URL (its hash holds the widget's state) afresh and checks that the
 *  widget shows the same readout: a shared link reproduces what the sender saw. */
async function assertLinkReproduces(page, figure, problems) {
  const url = new URL(page.url());
  assert.match(url.hash, new RegExp(`^#${await figure.getAttribute('id')}~`));
  const expected = await figure.locator('.widget-readout').allTextContents();
  const shared = await open(url.pathname.replace(/^\//, '').replace(new URL(SITE_URL).pathname.replace(/^\//, ''), '') + url.hash);
  await mountAll(shared.page);
  const sharedFigure = shared.page.locator(`#${await figure.getAttribute('id')}`);
  assert.deepEqual(await sharedFigure.locator('.widget-readout').allTextContents(), expected);
  assert.deepEqual([...problems, ...shared.problems], []);
  await shared.context.close();
}

function screenshotName(path) {
  return `${SCREENSHOTS}/${path.replaceAll('/', '_') || 'home'}.png`;
}

test('the site is served under its Content-Security-Policy', async () => {
  const response = await fetch(SITE_URL);
  assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
});

test('a missing page answers 404 with the site\'s own page', async () => {
  const { context, page } = await open('no/such/page/');
  assert.equal(await page.locator('h1').textContent(), 'Page not found');
  await context.close();
});

/** axe-core's serious and critical violations on the current page, as readable lines. */
async function accessibilityViolations(page) {
  // evaluate() runs outside the page's CSP, which forbids injected inline scripts.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

for (const path of PAGES) {
  test(`/${path} loads with no console errors or failed requests, its widgets mount, and axe finds no serious violation`, async () => {
    const { context, page, problems } = await open(path);
    await mountAll(page);
    await page.screenshot({ path: screenshotName(path), fullPage: true });
    assert.deepEqual(problems, []);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await accessibilityViolations(page), [], `${scheme} theme`);
    }
    await context.close();
  });
}

test('the theme toggle switches and remembers the choice', async () => {
  const { context, page, problems } = await open('algorithms/quorum/', { colorScheme: 'light' });
  const toggle = page.locator('[data-action="theme"]');
  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(17, 20, 24)');
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'remembered');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a 360 px phone nothing overflows and the topics open from the menu button', async () => {
  for (const path of PAGES) {
    const { context, page, problems } = await open(path, { viewport: { width: 360, height: 740 } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `/${path} overflows by ${overflow}px`);
    const menu = page.locator('[data-action="menu"]');
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#site-nav').isVisible());
    await page.screenshot({ path: screenshotName(`phone-${path}`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('search finds a module from the keyboard alone', async (t) => {
  const { context, page, problems } = await open('');
  const fetched = [];
  page.on('response', async (response) => {
    if (response.url().includes('/pagefind/')) fetched.push((await response.body().catch(() => Buffer.alloc(0))).length);
  });
  await page.keyboard.press('/');
  await page.locator('#search-input').fill('hinted handoff');
  await expectText(page.locator('.search-results'), /Quorums/);
  assert.match(await page.locator('.search-results [aria-selected="true"]').textContent(), /Quorums/);
  await page.screenshot({ path: `${SCREENSHOTS}/search.png` });
  await page.keyboard.press('Enter');
  await page.waitForURL(/algorithms\/quorum\/$/);
  const bytes = fetched.reduce((sum, length) => sum + length, 0);
  t.diagnostic(`search payload: ${bytes} bytes in ${fetched.length} requests`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the quorum widget answers its sliders and the keyboard', async () => {
  const { context, page, problems } = await open('playgrounds/quorum/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="quorum"]').first();
  const slider = (key) => figure.locator(`input[data-control="${key}"]`);
  const readout = figure.locator('[data-part="readout"]');

  await slider('replicas').fill('5');
  await slider('write_quorum').fill('3');
  await slider('read_quorum').fill('2');
  await expectText(readout, /Reads may be stale: R \+ W = 5 ≤ N = 5\./);
  await expectText(readout, /probability 1\/10 \(10\.0%\)/);
  await slider('read_quorum').fill('3');
  await expectText(readout, /Reads are guaranteed fresh: R \+ W = 6 > N = 5/);
  await expectText(readout, /writes N − W = 2, reads N − R = 2/);

  // Keyboard alone: Enter and Space toggle a replica; focus stays on it across the redraw.
  await figure.locator('[data-replica="0"]').focus();
  await page.keyboard.press('Enter');
  await expectText(readout, /4 of 5 replicas up \(1 down\)/);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-replica')), '0');
  await page.keyboard.press(' ');
  await expectText(readout, /5 of 5 replicas up \(0 down\)/);
  await slider('read_quorum').focus();
  await page.keyboard.press('ArrowLeft');
  await expectText(readout, /Reads may be stale/);

  // Shrinking N clamps W and R, and their sliders follow.
  await slider('replicas').fill('2');
  assert.equal(await slider('write_quorum').inputValue(), '2');
  assert.equal(await slider('write_quorum').getAttribute('max'), '2');
  await expectText(readout, /2 of 2 replicas up/);

  await page.screenshot({ path: `${SCREENSHOTS}/quorum-widget-after-interaction.png`, fullPage: true });
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the consistent-hashing widget moves keys on a join and switches schemes', async () => {
  const { context, page, problems } = await open('algorithms/consistent-hashing/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="consistent-hashing"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^Hash mod N: 1000 keys on 5 nodes\./);

  // Keyboard alone: focus the button and press Enter.
  await figure.locator('button[data-action="join"]').focus();
  await page.keyboard.press('Enter');
  // hash mod N moves about 5/6 of the keys, most of them between nodes that stayed.
  await expectText(readout, /Adding node 6 moved 8\d\d of 1000 keys \(8\d\.\d%\); the ideal is 1\/6 \(16\.7%\)\. \d+ of them moved between nodes/);
  assert.equal(await figure.locator('input[data-control="nodes"]').inputValue(), '6');

  await figure.locator('select[data-control="scheme"]').selectOption('jump');
  await expectText(readout, /^Jump consistent hash: 1000 keys on 6 nodes\./);
  await figure.locator('button[data-action="join"]').click();
  await expectText(readout, /Adding node 7 moved 1\d\d of 1000 keys .* Every moved key went to the new node\./);
  assert.ok(await figure.locator('circle.key.moved').count() > 0);
  await figure.locator('input[data-control="nodes"]').fill('4');
  await expectText(readout, /^Jump consistent hash: 1000 keys on 4 nodes\./);
  await page.screenshot({ path: `${SCREENSHOTS}/consistent-hashing-after-interaction.png`, fullPage: true });
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the quorum latency panel simulates the chosen distributions, and the sloppy switch keeps writes available', async () => {
  const { context, page, problems } = await open('playgrounds/quorum/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="quorum"]').first();
  const staleness = figure.locator('[data-part="staleness-readout"]');
  await figure.locator('input[data-control="write_quorum"]').fill('1');
  await figure.locator('input[data-control="read_quorum"]').fill('1');
  await expectText(staleness, /^LinkedIn, spinning disk \(LNKD-DISK\): writes \(W = 1\) take p50 [\d.]+ ms, p99 [\d.]+ ms/);
  await expectText(staleness, /returns it with probability \d/);
  await figure.locator('select[data-control="latency"]').selectOption('lnkd-ssd');
  // The PBS paper: 97.4% at commit for LNKD-SSD with N = 3; here N = 7, so only a shape check.
  await expectText(staleness, /^LinkedIn, SSD \(LNKD-SSD\)/);
  await figure.locator('input[data-control="read_quorum"]').fill('7');
  await expectText(staleness, /reads are consistent from the moment it commits/);

  const readout = figure.locator('[data-part="readout"]');
  for (const replica of [0, 1, 2, 3]) await figure.locator(`[data-replica="${replica}"]`).click();
  await figure.locator('input[data-control="write_quorum"]').fill('4');
  await expectText(readout, /Writes cannot assemble W = 4/);
  await figure.locator('input[data-control="sloppy"]').check();
  await expectText(readout, /Writes can assemble W = 4.*Sloppy quorum: 1 fallback node acknowledged the write/s);
  assert.equal(await figure.locator('rect.fallback').count(), 1);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the LSM widget steps, steps back, plays, switches compaction and traces a get', async () => {
  const { context, page, problems } = await open('algorithms/lsm/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="lsm"]').first();
  const readout = figure.locator('[data-part="readout"]');
  const button = (action) => figure.locator(`button[data-action="${action}"]`);
  await expectText(readout, /^Step 40: 160 writes so far;/);
  assert.equal(await button('back').isDisabled(), true);

  // Keyboard alone: Enter on Step runs one step, and focus stays on the button.
  await button('step').focus();
  await page.keyboard.press('Enter');
  await expectText(readout, /^Step 41: 164 writes so far;/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'step');
  await button('back').click();
  await expectText(readout, /^Step 40: 160 writes so far;/);
  assert.equal(await button('back').isDisabled(), true);

  // The same 40 steps of workload under tiered compaction: fewer rewrites.
  const leveled = Number((await readout.textContent()).match(/Write amplification ([\d.]+)/)[1]);
  await figure.locator('select[data-control="compaction"]').selectOption('tiered');
  await expectText(readout, /^Step 40: 160 writes so far;/);
  const tiered = Number((await readout.textContent()).match(/Write amplification ([\d.]+)/)[1]);
  assert.ok(tiered <= leveled, `tiered ${tiered} vs leveled ${leveled}`);

  await button('play').click();
  assert.equal(await button('play').getAttribute('aria-pressed'), 'true');
  await expectText(readout, /^Step 4[2-9]|^Step [5-9]\d/);
  await button('play').click();
  assert.equal(await button('play').textContent(), 'Play');
  await assertLinkReproduces(page, figure, problems);

  await figure.locator('input[data-control="key"]').fill('7');
  await figure.locator('input[data-control="key"]').press('Enter');
  await expectText(readout, /Get key 7: .*(blocks? read|No table is read)/s);
  await page.screenshot({ path: `${SCREENSHOTS}/lsm-after-interaction.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Raft widget steps one event at a time, takes faults, and finds a violation when a rule is off', async () => {
  const { context, page, problems } = await open('algorithms/raft/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="raft"]').first();
  const readout = figure.locator('[data-part="readout"]');
  const button = (action) => figure.locator(`button[data-action="${action}"]`);
  await expectText(readout, /^Time 0 ms, event 0\. Nothing has happened yet\./);

  // Keyboard alone: Enter on Step runs exactly one event; Step back undoes it.
  await button('step').focus();
  await page.keyboard.press('Enter');
  await expectText(readout, /^Time \d+ ms, event 1\. S\d's election timer fired/);
  await button('back').click();
  await expectText(readout, /^Time 0 ms, event 0\./);
  for (let event = 0; event < 40; event += 1) await button('step').click();
  await expectText(readout, /event 40\..*Leader: S\d in term \d+/s);

  // Crash the leader from the keyboard: its circle is a button.
  const leader = (await readout.textContent()).match(/Leader: S(\d)/)[1];
  await figure.locator(`[data-server="${Number(leader) - 1}"]`).focus();
  await page.keyboard.press('Enter');
  await expectText(readout, new RegExp(`Down: S${leader}\\.`));
  await assertLinkReproduces(page, figure, problems);

  // Switch the election restriction off and let the widget search.
  await figure.locator('select[data-control="broken"]').selectOption('election-restriction');
  await button('search').click();
  await expectText(figure.locator('[data-part="banner"]'), /^Found: with the election restriction \(§5\.4\.1\) off, seed \d+ breaks/);
  await expectText(readout, /Safety violated: (Leader Completeness|State Machine Safety) at event/);
  await button('back').click();
  await expectText(readout, /All five safety properties hold so far/);
  await page.screenshot({ path: `${SCREENSHOTS}/raft-after-search.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Raft Figure 8 replay ends safely with the rule and loses a committed entry without it', async () => {
  const { context, page, problems } = await open('algorithms/raft/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="raft"]').nth(1);
  const banner = figure.locator('[data-part="banner"]');
  const readout = figure.locator('[data-part="readout"]');
  await expectText(banner, /^Figure 8 \(a\) · §5\.4\.2/);
  for (const panel of ['b', 'c', 'd']) {
    await figure.locator('button[data-action="step"]').click();
    await expectText(banner, new RegExp(`^Figure 8 \\(${panel}\\)`));
  }
  await expectText(readout, /All five safety properties hold\./);
  await figure.locator('select[data-control="broken"]').selectOption('commit-rule');
  await expectText(banner, /^Figure 8 \(d\)/);
  await expectText(readout, /Safety violated: .*State Machine Safety at event/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the queueing widget follows utilization and the model, formula beside simulation', async () => {
  const { context, page, problems } = await open('compute/scaling/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="queueing"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^M\/M\/1 at 80% utilization: 80\.0 arrivals a second/);
  // Keyboard alone: the slider moves with the arrow keys; at 50%, W = 1/(μ − λ) = 20 ms.
  const utilization = figure.locator('input[data-control="utilization"]');
  await utilization.fill('51');
  await utilization.focus();
  await page.keyboard.press('ArrowLeft');
  await expectText(readout, /M\/M\/1 at 50% utilization: 50\.0 arrivals a second.*Mean time in system: formula 20\.0 ms/s);
  await figure.locator('select[data-control="model"]').selectOption('md1');
  // Pollaczek-Khinchine: Wq = ρ/(2(1 − ρ)) = 0.5 service times, so W = 15 ms.
  await expectText(readout, /M\/D\/1 at 50% utilization.*formula 15\.0 ms.*99th percentile of the wait: simulated/s);
  assert.equal(await figure.locator('input[data-control="servers"]').isDisabled(), true);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the load-balancer widget steps, switches strategy and counts a dead backend\'s failures', async () => {
  const { context, page, problems } = await open('playgrounds/load-balancer/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="load-balancer"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^Power of two choices at 80% load, 2000 ms in: \d+ requests/);
  await figure.locator('button[data-action="step"]').focus();
  await page.keyboard.press('Enter');
  await expectText(readout, /^Power of two choices at 80% load, 2010 ms in/);
  await figure.locator('button[data-action="back"]').click();
  await expectText(readout, /^Power of two choices at 80% load, 2000 ms in/);
  await figure.locator('select[data-control="strategy"]').selectOption('random');
  await expectText(readout, /^Random at 80% load, 2000 ms in/);
  assert.equal(await figure.locator('tr.current th').textContent(), 'random');
  await figure.locator('select[data-control="fault"]').selectOption('dead');
  await expectText(readout, /Failed requests: [1-9]\d*\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the autoscaler widget replays the HPA sync by sync and answers its behavior', async () => {
  const { context, page, problems } = await open('playgrounds/autoscaler/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="autoscaler"]').first();
  const readout = figure.locator('[data-part="readout"]');
  const log = figure.locator('[data-part="log"]');
  await expectText(readout, /^At 30:00: /);
  await figure.locator('button[data-action="reset"]').click();
  await expectText(readout, /^At 0:00: /);
  await expectText(log, /No sync yet/);
  for (let sync = 0; sync < 8; sync += 1) await figure.locator('button[data-action="step"]').click();
  await expectText(readout, /^At 2:00: /);
  await expectText(log, /^HPA decisions, newest first8 syncs so far/);
  await figure.locator('select[data-control="behavior"]').selectOption('slow-up');
  // One pod a minute: from 2 replicas, at most 4 by 2:00.
  await expectText(readout, /^At 2:00: \d+ requests\/s offered; [234] replicas/);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the latency numbers widget compares two operations and switches to human scale', async () => {
  const { context, page, problems } = await open('latency/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="latency-numbers"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^One disk seek lasts as long as 100,000 × main memory reference/);
  await figure.locator('select[data-control="small"]').selectOption('l1');
  await figure.locator('select[data-control="large"]').selectOption('memory');
  await expectText(readout, /^One main memory reference lasts as long as 200 × L1 cache reference by the published figures \(100 ns ÷ 0\.5 ns\), and 95\.4 by the current ones/);
  await figure.locator('select[data-control="view"]').selectOption('human');
  await expectText(readout, /If an L1 cache reference took one second, main memory reference would take 3\.33 minutes/);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the Bloom filter widget inserts, queries and resizes from its controls', async () => {
  const { context, page, problems } = await open('algorithms/bloom/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="bloom"]').first();
  const readout = figure.locator('[data-part="readout"]');
  const word = figure.locator('input[data-control="word"]');

  await figure.locator('button[data-action="reset"]').click();
  await expectText(readout, /^0 words in \d+ bits/);
  await word.fill('linearizability');
  await figure.locator('button[data-action="query"]').click();
  await expectText(readout, /is 0, so the word is definitely not in the set/);

  // Keyboard alone: Enter in the word field inserts it.
  await word.focus();
  await page.keyboard.press('Enter');
  await expectText(readout, /^1 word in \d+ bits .*Inserted “linearizability”: set bits \d+/s);
  await figure.locator('button[data-action="query"]').click();
  await expectText(readout, /probably in the set, and it was inserted \(a true positive\)/);
  assert.equal(await figure.locator('rect.bit.probed').count() > 0, true);

  await figure.locator('input[data-control="hashes"]').fill('5');
  await expectText(readout, /with k = 5:/);
  await figure.locator('button[data-action="random"]').click();
  await expectText(readout, /^6 words in/);
  await page.screenshot({ path: `${SCREENSHOTS}/bloom-widget-after-interaction.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the vector clocks widget compares two events picked from the keyboard', async () => {
  const { context, page, problems } = await open('algorithms/vector-clocks/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="vector-clocks"]').first();
  const readout = figure.locator('[data-part="readout"]');

  await figure.locator('button[data-action="clear"]').click();
  await expectText(readout, /^0 events on \d processes/);
  // P1 and P2 each do something on their own: concurrent. Then P1 sends to P2.
  await figure.locator('select[data-control="from"]').selectOption('0');
  await figure.locator('button[data-action="local"]').click();
  await figure.locator('select[data-control="from"]').selectOption('1');
  await figure.locator('button[data-action="local"]').click();
  await figure.locator('select[data-control="from"]').selectOption('0');
  await figure.locator('select[data-control="to"]').selectOption('1');
  await figure.locator('button[data-action="send"]').click();
  await expectText(readout, /^4 events on \d processes, 1 message delivered/);

  await figure.locator('[data-event="0"]').focus();
  await page.keyboard.press('Enter');
  await figure.locator('[data-event="1"]').focus();
  await page.keyboard.press(' ');
  await expectText(readout, /a and b are concurrent: a's entry for P1 is larger \(1 > 0\)/);
  await figure.locator('[data-event="3"]').click();
  await expectText(readout, /a happens before b/);
  await page.screenshot({ path: `${SCREENSHOTS}/vector-clocks-widget-after-interaction.png`, fullPage: true });
  await assertLinkReproduces(page, figure, problems);

  // The seed names a random history: typing one draws it, and the link keeps it.
  const seed = figure.locator('input[data-control="seed"]');
  await seed.fill('42');
  await seed.press('Enter');
  await expectText(readout, /^\d+ events on \d processes/);
  assert.equal(await seed.inputValue(), '42');
  const drawn = await readout.textContent();
  await figure.locator('button[data-action="random"]').click();
  assert.equal(await seed.inputValue(), '43');
  await seed.fill('42');
  await seed.press('Enter');
  await expectText(readout, new RegExp(`^${drawn.slice(0, 20).replace(/[()]/g, '.')}`));
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the B+tree widget inserts from the keyboard, scans the leaf chain and changes order', async () => {
  const { context, page, problems } = await open('databases/relational/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="btree"]').first();
  const readout = figure.locator('[data-part="readout"]');
  const stats = readout.locator('p').last();
  await expectText(stats, /^Order 4: height \d, \d+ nodes, 11 keys/);
  await figure.locator('input[data-control="key"]').fill('5000');
  await figure.locator('input[data-control="key"]').press('Enter');
  await expectText(readout, /^Insert 5000: reached its leaf after /);
  await expectText(stats, /, 12 keys/);
  await figure.locator('input[data-control="low"]').fill('0');
  await figure.locator('input[data-control="high"]').fill('9999');
  await figure.locator('button[data-action="scan"]').click();
  await expectText(readout, /^Scan 0–9999: 12 keys found by walking \d+ leaves along the chain\./);
  await figure.locator('select[data-control="order"]').selectOption('3');
  await expectText(stats, /^Order 3: height \d, \d+ nodes, 12 keys/);
  // A link rebuilds the tree (the last operation's message is not part of it).
  const expected = await stats.textContent();
  const url = new URL(page.url());
  const shared = await open(url.pathname.replace(/^\//, '').replace(new URL(SITE_URL).pathname.replace(/^\//, ''), '') + url.hash);
  await mountAll(shared.page);
  const sharedStats = shared.page.locator(`#${await figure.getAttribute('id')} [data-part="readout"] p`).last();
  assert.equal(await sharedStats.textContent(), expected);
  assert.deepEqual([...problems, ...shared.problems], []);
  await shared.context.close();
  await context.close();
});

test('the shard skew widget follows the partitioning scheme and the hot-key cures', async () => {
  const { context, page, problems } = await open('storage/sharding/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="shard-skew"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^hash mod N, [\d,]+ keys on \d+ shards, Zipf 0\.99: the busiest shard gets [\d.]+× the mean request load/);
  await figure.locator('select[data-control="scheme"]').selectOption('range-even');
  await expectText(readout, /^ranges of equal width, [\d,]+ keys on \d+ shards/);
  await figure.locator('input[data-control="cache_top"]').fill('1000');
  // The top 1% of keys take 60.5% of requests; at 50% writes the cache answers half of that.
  await expectText(readout, /The cache holds 1,000 keys and answers 30\.[23]% of requests, their reads, before they reach a shard; writes go through\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the vector index widget trades recall for distance computations', async () => {
  const { context, page, problems } = await open('databases/vector/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="vector-index"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^IVF \(k-means cells\) with 16 cells, probing 1: recall@10 \d+% .* for \d+ distance computations; brute force needs 400\./);
  await figure.locator('input[data-control="nprobe"]').fill('16');
  // Every cell probed: exact, for the 400 points plus the 16 centroids.
  await expectText(readout, /probing 16: recall@10 100% \(10 of the 10 true nearest\) for 416 distance computations/);
  await figure.locator('select[data-control="method"]').selectOption('brute');
  await expectText(readout, /^Brute force: recall@10 100% .* for 400 distance computations/);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the replication widget flags a missed own write, and a failover loses the acknowledged tail', async () => {
  const { context, page, problems } = await open('storage/replication/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="replication"]').nth(1);
  const readout = figure.locator('[data-part="readout"]');
  const button = (action) => figure.locator(`button[data-action="${action}"]`);
  await expectText(readout, /^At 0\.0 s: 0 writes, 0 acknowledged\./);
  await figure.locator('input[data-control="automatic"]').uncheck();
  for (let write = 0; write < 3; write += 1) {
    await button('alice-writes').focus();
    await page.keyboard.press('Enter');
  }
  await expectText(readout, /Alice sends post #3, acknowledged at once\./);
  await button('kill').click();
  await expectText(readout, /Lost acknowledged writes: 3 \(#1, #2, #3\)\./);
  await expectText(readout, /leader R0 killed; R1 has the longest log and is promoted\. Lost: #1, #2, #3\./);
  // The same actions replayed synchronously: Alice waits, the later writes never happen, nothing is lost.
  await figure.locator('select[data-control="mode"]').selectOption('sync');
  await expectText(readout, /Lost acknowledged writes: none\./);
  await expectText(readout, /never acknowledged: the leader failed first/);
  await button('back').click();
  await expectText(readout, /^At 0\.0 s: 1 write, 0 acknowledged\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the two-phase commit widget blocks on a dead coordinator, and a replicated one does not', async () => {
  const { context, page, problems } = await open('transactions/two-phase-commit/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="two-phase-commit"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await figure.locator('select[data-control="coordinator"]').selectOption('single');
  await figure.locator('select[data-control="participants"]').selectOption('3');
  const step = figure.locator('button[data-action="step"]');
  // Three prepares out, three yes votes back: the coordinator is about to force its decision.
  for (let event = 0; event < 6; event += 1) await step.click();
  await figure.locator('button[data-action="toggle-c0"]').focus();
  await page.keyboard.press('Enter');
  for (let event = 0; event < 30; event += 1) await step.click();
  await expectText(readout, /^At 270 ms: P1 prepared, P2 prepared, P3 prepared\. No outcome yet\.\s?Blocked: P1, P2, P3 prepared, holding locks, with no coordinator to answer, for 250 ms so far\./);
  // The same schedule with three coordinator replicas: a survivor takes over and commits.
  await figure.locator('select[data-control="coordinator"]').selectOption('replicated');
  await expectText(readout, /^At 160 ms: P1 committed, P2 committed, P3 committed\. Every participant committed\.\s?Not blocked\. Blocking window in total: 100 ms\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the saga widget compensates in reverse and shows what a reader sees meanwhile', async () => {
  const { context, page, problems } = await open('transactions/sagas/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="saga"]').first();
  const readout = figure.locator('[data-part="readout"]');
  for (const [key, value] of [['style', 'orchestration'], ['steps', '5'], ['fail_at', '0'], ['crash_at', '0']]) {
    await figure.locator(`select[data-control="${key}"]`).selectOption(value);
  }
  await figure.locator('button[data-action="reset"]').click();
  for (let step = 0; step < 5; step += 1) await figure.locator('button[data-action="step"]').click();
  await expectText(readout, /A concurrent reader now sees: order created, stock reserved, none of it final/);
  // Make the third step fail and let the saga run out: the first two are undone.
  await figure.locator('select[data-control="fail_at"]').selectOption('3');
  for (let step = 0; step < 12; step += 1) await figure.locator('button[data-action="step"]').click();
  await expectText(readout, /^After 15 steps: the saga was compensated\. Every step that took effect was undone exactly once\.\s?A concurrent reader now sees: order cancelled, stock released\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the history checker re-judges a history edited from the keyboard', async () => {
  const { context, page, problems } = await open('consistency/strong/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="history-checker"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /linearizable✗ fails/);
  await expectText(readout, /sequential✓ holds/);
  // The stale read: raise the value it returned to the one written before it.
  const stale = figure.locator('[data-op][aria-label^="B: r()=0"]').first();
  await stale.focus();
  await page.keyboard.press('ArrowUp');
  await expectText(readout, /linearizable✓ holdsorder: /);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the CRDT widget keeps a concurrent add in the OR-Set that the LWW register loses', async () => {
  const { context, page, problems } = await open('consistency/eventual/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="crdt"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await figure.locator('select[data-control="type"]').selectOption('or-set');
  await figure.locator('select[data-control="replicas"]').selectOption('2');
  const button = (action) => figure.locator(`button[data-action="${action}"]`);
  // Clear the author's scenario, then partition, add concurrently, and heal.
  for (let undo = 0; undo < 30 && await button('undo').isEnabled(); undo += 1) await button('undo').click();
  await button('toggle-1').click();
  await button('add-0').click();
  await figure.locator('select[data-control="item"]').selectOption('1');
  await button('add-1').click();
  await expectText(readout, /The replicas differ/);
  await button('heal').focus();
  await page.keyboard.press('Enter');
  await expectText(readout, /^OR-Set: A value \{milk, eggs\}; B value \{milk, eggs\}\. All replicas agree\./);
  await expectText(readout, /On every replica, the LWW register given the same operations holds \{eggs\}: the register lost \{milk\}\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the rate-limiter widget lets a fixed window pass twice its limit at a boundary', async () => {
  const { context, page, problems } = await open('networking/gateways/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="rate-limiter"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await figure.locator('select[data-control="algorithm"]').selectOption('all');
  await figure.locator('select[data-control="trace"]').selectOption('edge');
  for (const [key, value] of [['limit', '10'], ['window', '1000'], ['burst', '10']]) {
    await figure.locator(`input[data-control="${key}"]`).fill(value);
  }
  await expectText(readout, /^40 requests over 4000 ms; the limit is 10 per 1000 ms\./);
  await expectText(readout, /fixed window40020 \(over the limit\)/);
  await expectText(readout, /sliding log202010/);
  await figure.locator('input[data-control="limit"]').fill('20');
  await expectText(readout, /^80 requests over 4000 ms; the limit is 20 per 1000 ms\./);
  await expectText(readout, /fixed window80040 \(over the limit\)/);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the retry-storm widget stays overloaded after a spike until a retry budget is on', async () => {
  const { context, page, problems } = await open('playgrounds/retry-storm/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="retry-storm"]').first();
  const readout = figure.locator('[data-part="readout"]');
  for (const [key, value] of [['layers', '3'], ['backoff', 'immediate'], ['budget', 'none']]) {
    await figure.locator(`select[data-control="${key}"]`).selectOption(value);
  }
  // The widget reruns its minute-long simulation when a slider is released (a change event).
  for (const [key, value] of [['load', '80'], ['capacity', '100'], ['failure', '0'], ['retries', '3'], ['timeout', '300']]) {
    await figure.locator(`input[data-control="${key}"]`).fill(value);
    await figure.locator(`input[data-control="${key}"]`).dispatchEvent('change');
  }
  for (const [key, on] of [['spike', true], ['breaker', false], ['deadlines', false]]) {
    await figure.locator(`input[data-control="${key}"]`).setChecked(on);
  }
  await figure.locator('input[data-control="seed"]').fill('1');
  await figure.locator('input[data-control="seed"]').press('Enter');
  await expectText(readout, /The spike ended at 15 s, but the system has not recovered/);
  await expectText(readout, /the worst case is \(r\+1\)\^d = 64\./);
  await figure.locator('select[data-control="budget"]').selectOption('token-bucket');
  await expectText(readout, /^In the last 20 s: 100% of client requests succeed; the bottom receives 80 requests a second against a capacity of 100\. The spike ended at 15 s and the system recovered\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the k8s explorer notices a failed node after the grace period and explains an unschedulable pod', async () => {
  const { context, page, problems } = await open('playgrounds/k8s-explorer/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="k8s-explorer"]').first();
  const readout = figure.locator('[data-part="readout"]');
  // Four nodes from seed 1, then step until every control loop is content.
  await figure.locator('select[data-control="nodes"]').selectOption('4');
  await figure.locator('input[data-control="seed"]').fill('1');
  await figure.locator('input[data-control="seed"]').press('Enter');
  const stepUntil = async (pattern) => {
    for (let i = 0; i < 200 && !pattern.test(await readout.textContent()); i++) {
      await figure.locator('[data-action="step"]').click();
    }
    await expectText(readout, pattern);
  };
  await stepUntil(/settled: every loop sees what it wants/);
  await figure.locator('select[data-control="node"]').selectOption('0');
  await figure.locator('[data-action="fail"]').click();
  await expectText(readout, /node-1 stops renewing its Lease/);
  await figure.locator('[data-action="step"]').click();
  await expectText(readout, /Node node-1 status is now: NodeNotReady/);
  await expectText(readout, /Last heartbeat \d+ s ago, more than the 50 s node-monitor-grace-period/);
  await figure.locator('select[data-control="cpu"]').selectOption('3000');
  await figure.locator('[data-action="apply"]').click();
  await expectText(readout, /deployment\.apps\/web configured/);
  await stepUntil(/FailedScheduling/);
  await expectText(readout, /0\/4 nodes are available: 1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/unreachable: \}, 3 Insufficient cpu\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the capacity estimator recomputes the worksheet for another preset and a changed input', async () => {
  const { context, page, problems } = await open('foundations/requirements/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="capacity-estimator"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await figure.locator('select[data-control="preset"]').selectOption('url-shortener');
  await expectText(readout, /^First cut: 11 machines, set by storage, not traffic\./);
  await expectText(readout, /Average write rate.*1,157 requests\/s/);
  await figure.locator('select[data-control="preset"]').selectOption('chat');
  await expectText(readout, /^First cut: 110 machines, set by storage, not traffic\./);
  // One copy instead of three: 365 TB over 10 TB disks.
  await figure.locator('select[data-control="replication"]').selectOption({ label: '1' });
  await expectText(readout, /^First cut: 37 machines, set by storage, not traffic\./);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the availability widget multiplies stages in series and replicas in parallel', async () => {
  const { context, page, problems } = await open('foundations/failure-analysis/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="availability"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await expectText(readout, /^Composite availability 99\.95% \(3\.3 nines\): 4\.4 hours of downtime a year/);
  await expectText(readout, /The weakest stage is the database at 99\.95%/);
  // A second database replica: the path is now bounded by (1 - 0.0005²) and the app tier.
  await figure.locator('select[data-control="replicas-2"]').selectOption('2');
  await expectText(readout, /^Composite availability 99\.99996\d*% \(6\.4 nines\)/);
  // Two regions behind one global layer: the layer in series is the ceiling.
  await figure.locator('select[data-control="preset"]').selectOption('multi-region');
  await expectText(readout, /^Composite availability 99\.99% \(4\.0 nines\): 52\.7 minutes of downtime a year/);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the CPU scheduler reproduces OSTEP and follows an edited job', async () => {
  const { context, page, problems } = await open('os/virtualization/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="scheduler"]').first();
  const readout = figure.locator('[data-part="readout"]');
  // A at 0 for 100, B and C at 10 for 10: OSTEP's SJF 103.33 and STCF 50.
  await expectText(readout, /SJF103\.33/);
  await expectText(readout, /STCF50\.00/);
  // Make A short: FIFO now averages (10 + 10 + 20) / 3.
  await figure.locator('select[data-control="length-0"]').selectOption('10');
  await expectText(readout, /FIFO13\.33/);
  await assertLinkReproduces(page, figure, problems);
  await context.close();
});

test('the race lab loses an update by hand, counts 2 good interleavings of 20, and a lock fixes it', async () => {
  const { context, page, problems } = await open('os/concurrency/');
  await mountAll(page);
  const figure = page.locator('figure[data-widget="race-lab"]').first();
  const readout = figure.locator('[data-part="readout"]');
  await figure.locator('[data-action="explore"]').click();
  await expectText(readout, /Of 20 possible interleavings, 2 end correctly and 18 do not\./);
  for (const thread of [0, 1, 0, 0, 1, 1]) {
    await figure.locator(`[data-action="step-${thread}"]`).click();
  }
  await expectText(readout, /Lost update: 2 threads each added 1, but counter = 1\./);
  await assertLinkReproduces(page, figure, problems);
  await figure.locator('input[data-control="lock"]').setChecked(true);
  await figure.locator('[data-action="explore"]').click();
  await expectText(readout, /Of (\d+) possible interleavings, \1 end correctly\./);
  await context.close();
});

test('without JavaScript the quorum figure shows its initial state, and mounting does not move it', async () => {
  const figureBox = async (page) => page.locator('figure[data-widget="quorum"]').first().boundingBox();

  const staticPage = await open('algorithms/quorum/', { javaScriptEnabled: false });
  const staticFigure = staticPage.page.locator('figure[data-widget="quorum"]').first();
  assert.equal(await staticFigure.locator('circle.node').count(), 5);
  assert.match(await staticFigure.locator('[data-part="readout"]').textContent(), /Reads may be stale/);
  const before = await figureBox(staticPage.page);
  await staticPage.page.screenshot({ path: `${SCREENSHOTS}/quorum-no-javascript.png`, fullPage: true });
  await staticPage.context.close();

  const live = await open('algorithms/quorum/');
  await mountAll(live.page);
  await live.page.evaluate(() => window.scrollTo(0, 0));
  const afterMount = await figureBox(live.page);
  assert.ok(Math.abs(afterMount.height - before.height) < 1, `figure height ${before.height} -> ${afterMount.height}`);
  assert.deepEqual(live.problems, []);
  await live.context.close();
});
