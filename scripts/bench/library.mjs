// Parts 3 to 5: the library at scale, the store, and bundles. Clippings are written by the real
// store code (store-entry.ts, bundled and run in an extension page: records made by
// newClippingRecord and patchedAnnotation, checked against saveClipping and updateAnnotation), then
// the library and the popup are driven in Chromium as a user would: open, type, filter, scroll.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleEntry } from './build.mjs';
import { browserIdle, settledLine } from './settle.mjs';
import { EXTENSION_DIR, launchChromium } from './browser.mjs';
import { sampleWorkerHeaps } from './worker-heap.mjs';
import { SEASONS, TOPICS } from './corpus.mjs';
import { figure, median, notMeasured, quantile } from './figures.mjs';

const root = resolve(import.meta.dirname, '../..');
/** The library size whose import is also timed, beside the store's size (storeAt). */
const IMPORT_LARGE = 50_000;
const BUNDLE_MODULES = ['utils/bundle/export.ts', 'utils/store/export-source.ts', 'utils/bundle/import.ts', 'utils/store/merge.ts'];

/** Evaluates a bundled entry in a page through CDP (the page's CSP does not apply to it). */
async function inject(context, page, code) {
  const cdp = await context.newCDPSession(page);
  const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: code });
  await cdp.detach();
  if (exceptionDetails) throw new Error(`bench entry failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
}

/**
 * The built extension's worker scripts that the library page's export and import use (zip, Word
 * document, and the import), as URLs in the extension's origin, or null when the build has none of the
 * export's (a build without the import's worker imports on the page, as its pages then would).
 */
function bundleWorkers(base) {
  const dir = resolve(EXTENSION_DIR, 'assets');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const zip = files.find((f) => /^zip\.worker-.*\.js$/.test(f));
  const docx = files.find((f) => /^docx\.worker-.*\.js$/.test(f));
  // BENCH_IMPORT_ON_PAGE=1: the import on the page (importHere), as when no worker can start, to compare.
  const imp = process.env.BENCH_IMPORT_ON_PAGE ? undefined : files.find((f) => /^import\.worker-.*\.js$/.test(f));
  return zip && docx ? { zip: `${base}/assets/${zip}`, docx: `${base}/assets/${docx}`, ...(imp ? { import: `${base}/assets/${imp}` } : {}) } : null;
}

/**
 * Runs a bundle's export or import in `page` (`run`), its workers' heaps sampled meanwhile: the peak JS
 * heap it reports (`peakKey`) becomes the page's rise plus the largest its workers held at once (the
 * zip, the Word document, the whole import: each in a worker of its own).
 */
async function withWorkers(context, page, peakKey, run) {
  const workers = await sampleWorkerHeaps(context, page);
  try {
    const result = await run();
    const workerPeakMb = await workers.stop();
    return { ...result, [peakKey]: result[peakKey] + workerPeakMb, pagePeakMb: result[peakKey], workerPeakMb };
  } finally {
    await workers.stop();
  }
}

/** A full garbage collection in the page, so that a peak of the heap measured next is the work's own. */
async function collectGarbage(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}

/**
 * Records, from the very start of a page, when the first `article` is in the DOM and the frame it
 * is painted in (performance.now(), from the navigation's start).
 */
function watchFirstArticle() {
  const found = () => {
    if (window.__firstArticle !== undefined || !document.querySelector('article')) return false;
    window.__firstArticle = null;
    const dom = performance.now();
    // Which view drew it: the library opens in the List view (rows of class list-row), the popup in cards.
    const listRow = document.querySelector('article').classList.contains('list-row');
    requestAnimationFrame(() => {
      window.__firstArticle = { dom, frame: performance.now(), listRow };
    });
    return true;
  };
  new MutationObserver((_, mo) => {
    if (found()) mo.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

/** In the library page: times from the last keydown or change event to the next change of the role=status text. */
function installTimers() {
  window.__t0 = 0;
  const mark = () => {
    window.__t0 = performance.now();
  };
  addEventListener('keydown', mark, true);
  addEventListener('change', mark, true);
  window.__armStatus = () => {
    const el = document.querySelector('[role="status"]');
    const before = el.textContent;
    window.__statusChange = new Promise((done) => {
      const mo = new MutationObserver(() => {
        if (el.textContent === before) return;
        mo.disconnect();
        const dom = performance.now() - window.__t0;
        requestAnimationFrame(() => done({ dom, frame: performance.now() - window.__t0, text: el.textContent }));
      });
      mo.observe(el, { subtree: true, childList: true, characterData: true });
    });
  };
}

const statusText = (page) => page.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? '');

/** Opens a page and returns ms to its first clipping article (painted frame). */
async function timeFirstArticle(context, url) {
  const page = await context.newPage();
  await page.addInitScript(watchFirstArticle);
  await page.goto(url);
  await page.waitForFunction(() => window.__firstArticle, null, { timeout: 60_000, polling: 50 });
  const t = await page.evaluate(() => window.__firstArticle);
  await page.close();
  if (url.endsWith('/library.html') && !t.listRow) throw new Error('the library did not open in the List view a user gets');
  return t.frame;
}

async function waitForStatus(page, predicate, arg) {
  await page.waitForFunction(predicate, arg, { timeout: 60_000, polling: 20 });
}

/** One measured action: arms the status watch, acts, and waits for the count to change. */
async function timed(page, act) {
  await page.evaluate(() => window.__armStatus());
  await act();
  return page.evaluate(() => Promise.race([window.__statusChange, new Promise((_, fail) => setTimeout(() => fail(new Error('the count did not change within 30 s')), 30_000))]));
}

/** Waits until no search runs: the same count for a few frames. */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 120)))));
}

async function searchTimes(page, trials) {
  const box = page.getByRole('searchbox', { name: 'Search clippings' });
  const samples = [];
  const total = await statusText(page);
  for (let i = 0; i < trials; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const refine = i % 2 === 1; // every other trial narrows a word already typed with a second word
    await box.fill(refine ? `${topic} ` : '');
    if (refine) await waitForStatus(page, (t) => document.querySelector('[role="status"]').textContent !== t, total);
    else await waitForStatus(page, (t) => document.querySelector('[role="status"]').textContent === t, total);
    const word = refine ? SEASONS[i % SEASONS.length] : topic;
    await box.press(word[0]);
    await settle(page);
    // The second letter makes a two-letter prefix, which the search looks up: the count changes.
    const r = await timed(page, () => box.press(word[1]));
    samples.push(r.frame);
  }
  await box.fill('');
  await waitForStatus(page, (t) => document.querySelector('[role="status"]').textContent === t, total);
  return samples;
}

async function filterTimes(page, trials) {
  await page.getByText('Filters', { exact: true }).click();
  const verdict = page.getByRole('combobox', { name: 'Filter by verdict', exact: true });
  const samples = [];
  for (let i = 0; i < trials; i++) {
    const value = i % 2 === 0 ? (i % 4 === 0 ? 'do' : 'dont') : '';
    const r = await timed(page, () => verdict.selectOption(value));
    samples.push(r.frame);
    await settle(page);
  }
  if ((await verdict.inputValue()) !== '') {
    await timed(page, () => verdict.selectOption(''));
    await settle(page);
  }
  await page.getByText('Filters', { exact: true }).click();
  return samples;
}

/**
 * Scrolls the window from the top to the bottom of the list in `frames` animation frames and
 * counts the frames the browser dropped (rAF intervals beyond 1.5 times the display's frame).
 */
function scrollThrough(frames) {
  return new Promise((done) => {
    const deltas = [];
    const total = document.documentElement.scrollHeight - innerHeight;
    const step = total / frames;
    let last = 0;
    let n = 0;
    scrollTo(0, 0);
    const tick = (t) => {
      if (last) deltas.push(t - last);
      last = t;
      if (n++ < frames) {
        scrollTo(0, Math.round(step * n));
        requestAnimationFrame(tick);
      } else {
        done({ deltas, height: total, rows: document.querySelectorAll('article').length });
      }
    };
    requestAnimationFrame(tick);
  });
}

function dropped(deltas) {
  const frame = 1000 / 60;
  let missed = 0;
  for (const d of deltas) if (d > frame * 1.5) missed += Math.round(d / frame) - 1;
  return { missed, percent: (missed / (missed + deltas.length)) * 100 };
}

/**
 * @param {{ sizes: number[], trials: { firstRender: number, search: number, filter: number, popup: number, scrollFrames: number, lookup: number, save: number }, storeAt: number, settleMs?: number, bundleRuns?: number, log?: (line: string) => void, profileDir?: string }} opts
 */
export async function libraryBench(opts) {
  const log = opts.log ?? (() => {});
  const storeCode = await bundleEntry('scripts/bench/store-entry.ts');
  const haveBundles = BUNDLE_MODULES.every((f) => existsSync(resolve(root, f)));
  const bundleCode = haveBundles ? await bundleEntry('scripts/bench/bundle-entry.js') : null;
  const browser = await launchChromium({ extension: true });
  const base = `chrome-extension://${browser.extensionId}`;
  const figures = [];
  const perSize = [];
  try {
    // A page of the extension's origin with no app of its own: the seeding works in its IndexedDB.
    const seeder = await browser.context.newPage();
    await seeder.goto(`${base}/manifest.json`);
    await inject(browser.context, seeder, storeCode);
    if (bundleCode) await inject(browser.context, seeder, bundleCode);
    // The bulk seeding must store what the store's own calls store: checked on a sample first.
    const differences = await seeder.evaluate(() => window.__benchStore.checkBulk(60));
    if (differences.length > 0) throw new Error(`bulk seeding differs from saveClipping and updateAnnotation: ${differences.slice(0, 5).join('; ')}`);
    let stored = 0;
    for (const size of opts.sizes) {
      const label = size.toLocaleString('en-GB');
      log(`  library: storing clippings ${stored.toLocaleString('en-GB')} to ${label} (the store's record-making code, bulkAdd)…`);
      const seedMs = await seeder.evaluate(([from, to]) => window.__benchStore.seed(from, to), [stored, size]);
      stored = size;
      const count = await seeder.evaluate(() => window.__benchStore.count());
      if (count !== size) throw new Error(`stored ${count} clippings, expected ${size}`);
      log(`  library: ${label} stored in ${(seedMs / 1000).toFixed(1)} s; ${settledLine(await browserIdle(opts.settleMs))}; measuring the library page…`);

      const firstRender = [];
      for (let i = 0; i < opts.trials.firstRender; i++) firstRender.push(await timeFirstArticle(browser.context, `${base}/library.html`));

      const page = await browser.context.newPage();
      await page.addInitScript(installTimers);
      await page.goto(`${base}/library.html`);
      await page.locator('article').first().waitFor({ timeout: 60_000 });
      await waitForStatus(page, () => /\d/.test(document.querySelector('[role="status"]')?.textContent ?? ''));
      const shown = await statusText(page);
      if (!shown.includes(size.toLocaleString('en-GB'))) throw new Error(`the library says "${shown}" with ${label} stored`);
      const search = await searchTimes(page, opts.trials.search);
      const filter = await filterTimes(page, opts.trials.filter);
      const scroll = await page.evaluate(scrollThrough, opts.trials.scrollFrames);
      await page.close();

      const popup = [];
      for (let i = 0; i < opts.trials.popup; i++) popup.push(await timeFirstArticle(browser.context, `${base}/popup.html`));

      const s = {
        size,
        seedMs,
        firstRender: median(firstRender),
        searchMedian: median(search),
        searchP95: quantile(search, 0.95),
        filterMedian: median(filter),
        scroll: dropped(scroll.deltas),
        scrollHeight: scroll.height,
        popup: median(popup),
      };
      perSize.push(s);
      log(`  library ${label}: first render ${s.firstRender.toFixed(0)} ms, search ${s.searchMedian.toFixed(0)} ms (p95 ${s.searchP95.toFixed(0)}), filter ${s.filterMedian.toFixed(0)} ms, scroll ${s.scroll.percent.toFixed(1)}% frames dropped, popup ${s.popup.toFixed(0)} ms`);
      const goals = size === 10_000;
      const renderGoal = size >= 10_000;
      figures.push(
        figure(`library ${label}: first render (median)`, 'ms', s.firstRender, renderGoal ? { max: 300 } : null),
        figure(`library ${label}: search keystroke to results (median)`, 'ms', s.searchMedian, goals ? { max: 50 } : null),
        figure(`library ${label}: search keystroke to results (p95)`, 'ms', s.searchP95),
        figure(`library ${label}: filter change to results (median)`, 'ms', s.filterMedian),
        figure(`library ${label}: scroll through the whole list, frames dropped`, '%', s.scroll.percent),
        figure(`library ${label}: popup open to first clipping (median)`, 'ms', s.popup),
      );

      if (size === opts.storeAt) {
        log(`  store at ${label}: saved-state lookups and saves…`);
        const lookups = await seeder.evaluate(([n, runs]) => window.__benchStore.timeLookup(n, 100, runs), [size, opts.trials.lookup]);
        const saves = await seeder.evaluate((runs) => window.__benchStore.timeSave(runs), opts.trials.save);
        figures.push(
          figure(`store ${label}: saved-state lookup of 100 ids (median)`, 'ms', median(lookups)),
          figure(`store ${label}: saved-state lookup of 100 ids (p95)`, 'ms', quantile(lookups, 0.95)),
          figure(`store ${label}: save of one clipping (median)`, 'ms', median(saves)),
          figure(`store ${label}: save of one clipping (p95)`, 'ms', quantile(saves, 0.95)),
        );
        log(`  who agrees at ${label} with 50 contributors: by:, agree:, votes:…`);
        await seeder.evaluate((n) => window.__benchStore.seedWhoAgrees(n, 50), size);
        log(`  who agrees at ${label}: team library stored; ${settledLine(await browserIdle(opts.settleMs))}`);
        const agree = await seeder.evaluate((runs) => window.__benchStore.timeWhoAgrees(runs), opts.trials.search);
        const all = Object.values(agree).flat();
        log(`  who agrees at ${label}: ${Object.entries(agree).map(([q, t]) => `${q} ${median(t).toFixed(0)} ms (max ${Math.max(...t).toFixed(0)})`).join('; ')}`);
        figures.push(
          figure(`library ${label}, 50 contributors: by:, agree:, votes: typed in the open library (median)`, 'ms', median(all), { max: 50 }),
          figure(`library ${label}, 50 contributors: by:, agree:, votes: typed in the open library (p95)`, 'ms', quantile(all, 0.95)),
        );
        if (bundleCode) {
          // Each export and import is run `bundleRuns` times, the browser idle before each: one run of
          // an import of 10,000 read anywhere from 2.8 to 5.0 s on one machine in one afternoon.
          const runs = opts.bundleRuns ?? 1;
          const exports = [];
          const imports = [];
          for (let r = 0; r < runs; r++) {
            log(`  bundles at ${label}: export ${r + 1} of ${runs}; ${settledLine(await browserIdle(opts.settleMs))}…`);
            await collectGarbage(browser.context, seeder);
            const exported = await withWorkers(browser.context, seeder, 'exportPeakMb', () => seeder.evaluate((workers) => window.__benchBundle.exportOnly(workers), bundleWorkers(base)));
            if (exported.count !== size) throw new Error(`the export of ${label} held ${exported.count} clippings`);
            log(`  bundles at ${label}: exported in ${(exported.exportMs / 1000).toFixed(1)} s (the page's longest task ${exported.longestTaskMs.toFixed(0)} ms); ${settledLine(await browserIdle(opts.settleMs))}; importing…`);
            const imported = await withWorkers(browser.context, seeder, 'importPeakMb', () => seeder.evaluate((workers) => window.__benchBundle.importKept(workers), bundleWorkers(base)));
            log(`  bundles at ${label}: imported in ${(imported.importMs / 1000).toFixed(1)} s (the file read and the merge planned in ${(imported.readMs / 1000).toFixed(2)} s; peak heap ${imported.pagePeakMb.toFixed(0)} MB on the page, ${imported.workerPeakMb.toFixed(0)} MB in its worker; the page's longest task ${imported.longestTaskMs.toFixed(0)} ms)`);
            if (imported.imported !== size) throw new Error(`the import stored ${imported.imported} clippings of ${size}`);
            exports.push(exported);
            imports.push(imported);
          }
          const of = (list, key) => list.map((x) => x[key]);
          figures.push(
            figure(`bundle ${label}: export all, no images`, 'ms', median(of(exports, 'exportMs')), { max: 3000 }),
            figure(`bundle ${label}: export, peak JS heap`, 'MB', Math.max(...of(exports, 'exportPeakMb'))),
            figure(`bundle ${label}: import`, 'ms', median(of(imports, 'importMs')), { max: 3000 }),
            figure(`bundle ${label}: import, peak JS heap`, 'MB', Math.max(...of(imports, 'importPeakMb'))),
          );
        } else {
          const why = 'not measured: no bundle module yet';
          figures.push(
            notMeasured(`bundle ${label}: export all, no images`, 'ms', '< 3000', why),
            notMeasured(`bundle ${label}: export, peak JS heap`, 'MB', null, why),
            notMeasured(`bundle ${label}: import`, 'ms', '< 3000', why),
            notMeasured(`bundle ${label}: import, peak JS heap`, 'MB', null, why),
          );
        }
      }
      // The export again at the largest library (50,000 in a full run), from a collected heap.
      if (bundleCode && size !== opts.storeAt && size === opts.sizes[opts.sizes.length - 1]) {
        log(`  bundles at ${label}: export all; ${settledLine(await browserIdle(opts.settleMs))}…`);
        await collectGarbage(browser.context, seeder);
        const b = await withWorkers(browser.context, seeder, 'exportPeakMb', () => seeder.evaluate((workers) => window.__benchBundle.exportOnly(workers), bundleWorkers(base)));
        if (b.count !== size) throw new Error(`the export of ${label} held ${b.count} clippings`);
        log(`  bundles at ${label}: exported in ${(b.exportMs / 1000).toFixed(1)} s (the page's longest task ${b.longestTaskMs.toFixed(0)} ms)`);
        figures.push(figure(`bundle ${label}: export all, no images`, 'ms', b.exportMs, { max: 15_000 }), figure(`bundle ${label}: export, peak JS heap`, 'MB', b.exportPeakMb, { max: 300 }));
      }
      if (bundleCode && size === IMPORT_LARGE) {
        log(`  bundles at ${label}: import (its own export untimed)…`);
        await seeder.evaluate(() => window.__benchBundle.exportUntimed());
        log(`  bundles at ${label}: ${settledLine(await browserIdle(opts.settleMs))}; importing…`);
        const b = await withWorkers(browser.context, seeder, 'importPeakMb', () => seeder.evaluate((workers) => window.__benchBundle.importKept(workers), bundleWorkers(base)));
        log(`  bundles at ${label}: imported in ${(b.importMs / 1000).toFixed(1)} s (the file read and the merge planned in ${(b.readMs / 1000).toFixed(2)} s; peak heap ${b.pagePeakMb.toFixed(0)} MB on the page, ${b.workerPeakMb.toFixed(0)} MB in its worker; the page's longest task ${b.longestTaskMs.toFixed(0)} ms)`);
        if (b.imported !== size) throw new Error(`the import stored ${b.imported} clippings of ${size}`);
        figures.push(
          figure(`bundle ${label}: import`, 'ms', b.importMs, { max: 15_000 }),
          figure(`bundle ${label}: import, peak JS heap`, 'MB', b.importPeakMb, { max: 300 }),
        );
      }
    }
  } finally {
    await browser.close();
  }
  // Growth from the smallest size to the largest, as an exponent: value ∝ size^k (k = 1 is linear).
  if (perSize.length >= 2) {
    const a = perSize[0];
    const b = perSize[perSize.length - 1];
    const k = (va, vb) => Math.log(Math.max(vb, 0.1) / Math.max(va, 0.1)) / Math.log(b.size / a.size);
    const span = `${a.size.toLocaleString('en-GB')} to ${b.size.toLocaleString('en-GB')}`;
    figures.push(
      figure(`library growth ${span}: first render (exponent, 1 = linear)`, 'k', k(a.firstRender, b.firstRender)),
      figure(`library growth ${span}: search keystroke (exponent, 1 = linear)`, 'k', k(a.searchMedian, b.searchMedian), { max: 0.5 }),
      figure(`library growth ${span}: filter change (exponent, 1 = linear)`, 'k', k(a.filterMedian, b.filterMedian)),
      figure(`library growth ${span}: popup open (exponent, 1 = linear)`, 'k', k(a.popup, b.popup)),
    );
  }
  return { figures, perSize, bundles: Boolean(bundleCode) };
}
