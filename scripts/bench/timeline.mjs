// Part 1: the extension's cost on X's page. A synthetic timeline from the project's own fixtures
// (tests/fixtures/x/posts.mjs) gets N posts appended in X's manner: cells added in batches per
// animation frame, some cells detached and put back (recycled), some articles' counts changed in
// place, some articles' children re-created (React re-rendering). Runs alternate between a Chromium
// without the extension and one with it; each run is a fresh tab, measured with CDP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPost, renderTimelinePage, samplePosts } from '../../tests/fixtures/x/posts.mjs';
import { cellOf, loadRealPage, withHashtag, withPostId } from '../../tests/fixtures/x/real.mjs';
import { launchChromium } from './browser.mjs';
import { figure, median, quantile } from './figures.mjs';
import { startProfile } from './profile.mjs';
import { attribute, extensionCallbacks, startTrace } from './trace.mjs';

const tagged = Object.values(samplePosts).filter((p) => p.tagged && !p.focal);
const untagged = Object.values(samplePosts).filter((p) => !p.tagged && !p.focal);
const warmUp = { ...samplePosts.taggedLink, id: '1699999999999999999' };

/**
 * X's media URLs in the markup become a tiny inline image: the page then loads nothing while it is
 * measured, so the figures are the main thread's work and not Playwright's request interception
 * (which keeps the browser process busy and makes every IPC of the content script wait).
 */
const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
function offline(html) {
  return html.replace(/https:\/\/(?:pbs|abs|abs-0|video)\.twimg\.com\/.*?(?="|&quot;)/g, PIXEL);
}

/**
 * The posts of X's own saved pages (../shared/fixtures/x, read in place) as timeline cells: each page's
 * post as it is, and with #lgadigital added as X's link at the end of its own text.
 */
function realBases() {
  const cells = ['sample', 'quote', 'quoteVideo'].map((name) => cellOf(loadRealPage(name)));
  return { tagged: cells.map((c) => withHashtag(c)), untagged: cells };
}

/**
 * The cells to append: half tagged (every other one), each a distinct post id. `markup`: 'ours' (the
 * project's fixtures) or 'real' (X's saved pages).
 */
export function timelineCells(count, markup = 'ours') {
  if (markup === 'real') {
    const bases = realBases();
    return Array.from({ length: count }, (_, i) => {
      const isTagged = i % 2 === 0;
      const list = isTagged ? bases.tagged : bases.untagged;
      const id = String(1800000000000000000n + BigInt(i) * 4194304n);
      return { id, tagged: isTagged, html: offline(withPostId(list[(i >> 1) % list.length], id)) };
    });
  }
  return Array.from({ length: count }, (_, i) => {
    const isTagged = i % 2 === 0;
    const base = isTagged ? tagged[(i >> 1) % tagged.length] : untagged[(i >> 1) % untagged.length];
    const id = String(1800000000000000000n + BigInt(i) * 4194304n);
    return { id, tagged: isTagged, html: offline(renderPost({ ...base, id }, 0)) };
  });
}

/**
 * Runs in the X page's main world (page.evaluate): appends the cells `perFrame` per animation frame
 * and churns the earlier ones, while a MutationObserver notes in which frame each tagged post's
 * button host appears and its saved state shows, and a PerformanceObserver collects long tasks.
 * @param {{ perFrame: number, maxLive: number, settleFrames: number, waitForStates: boolean, stateTimeoutMs: number, ignore: string }} o
 */

export function pageWorkload(o) {
  /** @type {Array<{ id: string, tagged: boolean, html: string }>} */
  const cells = window.__benchCells;
  return new Promise((done) => {
    const list = document.querySelector('[data-testid="primaryColumn"] section[role="region"] [aria-label^="Timeline:"] > div');
    const parse = (html) => {
      const t = document.createElement('template');
      t.innerHTML = html;
      return t.content.firstElementChild;
    };
    let frame = 0;
    const insertedFrame = new Map();
    const insertedAt = new Map();
    const buttonFrame = new Map();
    const buttonMs = new Map();
    const stateFrame = new Map();
    const longTasks = [];
    const lt = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) longTasks.push(e.duration);
    });
    lt.observe({ type: 'longtask' });
    const seeHost = (h) => {
      const id = h.getAttribute('data-lga-post');
      if (!id || !insertedFrame.has(id)) return;
      if (!buttonFrame.has(id)) {
        buttonFrame.set(id, frame);
        buttonMs.set(id, performance.now() - insertedAt.get(id));
      }
      const s = h.getAttribute('data-state');
      if ((s === 'saved' || s === 'unsaved') && !stateFrame.has(id)) stateFrame.set(id, frame);
    };
    const mo = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.target.hasAttribute('data-lga-host')) seeHost(r.target);
          continue;
        }
        for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-lga-host')) seeHost(n);
      }
    });
    mo.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });

    // X's timeline is virtualised: it keeps a few dozen cells in the DOM, drops the ones scrolled
    // far away and puts cells back when they come near again.
    const live = [];
    const gone = [];
    const els = new Map();
    let next = 0;
    let y = 0;
    const churn = { removed: 0, recycled: 0, updatedInPlace: 0, recreated: 0 };
    const recreatedTagged = new Set();
    const taggedCount = cells.filter((c) => c.tagged).length;
    let settled = 0;
    let finishedAt = 0;
    const pickLive = (salt) => live[(frame * salt) % live.length];
    const trim = () => {
      while (live.length > o.maxLive) {
        const c = live.shift();
        els.get(c.id).remove();
        gone.push(c);
        churn.removed++;
      }
    };

    const step = () => {
      frame++;
      if (next < cells.length) {
        for (let k = 0; k < o.perFrame && next < cells.length; k++, next++) {
          const c = cells[next];
          const el = parse(c.html);
          el.style.transform = `translateY(${y}px)`;
          y += 320;
          if (c.tagged) {
            insertedFrame.set(c.id, frame);
            insertedAt.set(c.id, performance.now());
          }
          list.appendChild(el);
          els.set(c.id, el);
          live.push(c);
        }
        list.style.minHeight = `${y}px`;
        if (frame % 2 === 0 && gone.length > 0) {
          // A cell dropped earlier comes back: the same node, with whatever it held.
          const [c] = gone.splice((frame * 7) % gone.length, 1);
          list.appendChild(els.get(c.id));
          live.push(c);
          churn.recycled++;
        }
        trim();
        if (frame % 3 === 0) {
          // Counts change in place: text nodes and the group's label, as X's live counts do.
          const group = els.get(pickLive(13).id).querySelector('[role="group"]');
          if (group) {
            group.setAttribute('aria-label', `${group.getAttribute('aria-label')}.`);
            const walker = document.createTreeWalker(group, NodeFilter.SHOW_TEXT);
            for (let t = walker.nextNode(); t; t = walker.nextNode()) if (/^\d+$/.test(t.nodeValue)) t.nodeValue = String(Number(t.nodeValue) + 1);
            churn.updatedInPlace++;
          }
        }
        if (frame % 5 === 0) {
          // React re-creates an article's children: anything foreign in it goes with them.
          const c = pickLive(17);
          const article = els.get(c.id).querySelector('article');
          const fresh = parse(c.html).querySelector('article');
          if (article && fresh) {
            article.replaceChildren(...fresh.childNodes);
            churn.recreated++;
            if (c.tagged) recreatedTagged.add(c.id);
          }
        }
        if (next >= cells.length) finishedAt = performance.now();
        requestAnimationFrame(step);
        return;
      }
      const waiting = o.waitForStates && stateFrame.size < taggedCount && performance.now() - finishedAt < o.stateTimeoutMs;
      if (waiting || ++settled < o.settleFrames) {
        requestAnimationFrame(step);
        return;
      }
      mo.disconnect();
      lt.disconnect();
      const ids = [...insertedFrame.keys()];
      const hosts = [...list.querySelectorAll('[data-lga-host][data-lga-post]')].map((h) => h.getAttribute('data-lga-post')).filter((id) => id !== o.ignore);
      const liveTagged = live.filter((c) => c.tagged).map((c) => c.id);
      done({
        frames: frame,
        churn,
        longTasks,
        buttonFrames: ids.filter((id) => buttonFrame.has(id)).map((id) => buttonFrame.get(id) - insertedFrame.get(id)),
        buttonMs: ids.filter((id) => buttonMs.has(id)).map((id) => buttonMs.get(id)),
        stateFrames: ids.filter((id) => stateFrame.has(id)).map((id) => stateFrame.get(id) - insertedFrame.get(id)),
        withoutButton: ids.filter((id) => !buttonFrame.has(id)).length,
        // At the end, the cells in the DOM: every tagged one has exactly one button, no other has one.
        hostsRight: hosts.length === liveTagged.length && liveTagged.every((id) => hosts.includes(id)) && new Set(hosts).size === hosts.length,
        hosts: hosts.length,
        liveTagged: liveTagged.length,
        recreatedTagged: recreatedTagged.size,
        taggedCount,
      });
    };
    requestAnimationFrame(step);
  });
}

const metric = (metrics, name) => metrics.find((m) => m.name === name)?.value ?? NaN;

/** One run in a fresh tab: returns the CDP deltas and what the page recorded. */
async function oneRun(browser, cells, withExtension, opts) {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  browser.pages.set('/home', renderTimelinePage([warmUp]));
  await page.goto('https://x.com/home');
  // The content script runs at document_idle: its first button says it is running.
  if (withExtension) await page.waitForSelector(`[data-lga-post="${warmUp.id}"][data-state]:not([data-state="unknown"])`, { timeout: 20_000 });
  await page.evaluate((list) => {
    window.__benchCells = list;
  }, cells);
  await page.waitForTimeout(300); // start-up work (both conditions) done before measuring
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const before = (await cdp.send('Performance.getMetrics')).metrics;
  const stopProfile = opts.profile ? await startProfile(cdp) : null;
  const stopTrace = opts.trace ? await startTrace(cdp) : null;
  const result = await page.evaluate(pageWorkload, { perFrame: opts.perFrame, maxLive: 60, settleFrames: 20, waitForStates: withExtension, stateTimeoutMs: 5000, ignore: warmUp.id });
  const after = (await cdp.send('Performance.getMetrics')).metrics;
  const profile = stopProfile ? await stopProfile(opts.profile, (url) => url.startsWith('chrome-extension://')) : undefined;
  let trace;
  if (stopTrace) {
    const events = await stopTrace();
    trace = { ...attribute(events), callbacks: extensionCallbacks(events).slice(0, 8) };
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const afterGc = (await cdp.send('Performance.getMetrics')).metrics;
  await page.close();
  return {
    ...result,
    profile,
    trace,
    scriptMs: (metric(after, 'ScriptDuration') - metric(before, 'ScriptDuration')) * 1000,
    taskMs: (metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) * 1000,
    layoutMs: (metric(after, 'LayoutDuration') - metric(before, 'LayoutDuration')) * 1000,
    styleMs: (metric(after, 'RecalcStyleDuration') - metric(before, 'RecalcStyleDuration')) * 1000,
    heapMb: (metric(afterGc, 'JSHeapUsedSize') - metric(before, 'JSHeapUsedSize')) / 1e6,
  };
}

/**
 * An extension that does nothing, with a worker and a content script on X's pages: the baseline an
 * outside timing compares with (`BENCH_BASELINE=empty`), so that what any extension costs a page is
 * on both sides.
 */
function emptyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'lga-bench-empty-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'worker.js' }, content_scripts: [{ matches: ['https://x.com/*'], js: ['content.js'], run_at: 'document_idle' }] }));
  writeFileSync(join(dir, 'worker.js'), '');
  writeFileSync(join(dir, 'content.js'), '');
  return dir;
}

/**
 * `markup` (or BENCH_MARKUP): 'ours' (default) or 'real' (X's saved pages); `baseline` (or
 * BENCH_BASELINE): 'none' (default, a Chromium without extensions) or 'empty' (one with an empty
 * extension). BENCH_PROFILE_WITHOUT=FILE, with --profile, also profiles a run of the baseline.
 * `tracedOnly`: only the traced pair and its figures (no alternating runs): the full plan's second look,
 * on X's saved markup.
 * @param {{ posts: number, runs: number, perFrame?: number, markup?: 'ours' | 'real', baseline?: 'none' | 'empty', tracedOnly?: boolean, log?: (line: string) => void }} opts
 * @returns {Promise<{ figures: import('./figures.mjs').Figure[], runs: { without: any[], with: any[] } }>}
 */
export async function timelineBench(opts) {
  const log = opts.log ?? (() => {});
  const perFrame = opts.perFrame ?? 10;
  const markup = opts.markup ?? process.env.BENCH_MARKUP ?? 'ours';
  const cells = timelineCells(opts.posts, markup);
  const baseline = opts.baseline ?? process.env.BENCH_BASELINE ?? 'none';
  const emptyDir = baseline === 'empty' ? emptyExtension() : null;
  const without = emptyDir ? await launchChromium({ extension: true, extensionDir: emptyDir }) : await launchChromium({ extension: false });
  const withExt = await launchChromium({ extension: true });
  const runs = { without: [], with: [] };
  const traced = { without: [], with: [] };
  let profile;
  try {
    // One warm-up run each (compilation, caches), not counted.
    await oneRun(without, cells.slice(0, 50), false, { perFrame });
    await oneRun(withExt, cells.slice(0, 50), true, { perFrame });
    for (let r = 0; r < (opts.tracedOnly ? 0 : opts.runs); r++) {
      // Alternate which condition goes first, so drift on this shared machine falls on both.
      const order = r % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const condition of order) {
        const run = await oneRun(condition === 'with' ? withExt : without, cells, condition === 'with', { perFrame });
        runs[condition].push(run);
        log(`  timeline run ${r + 1}/${opts.runs} ${condition.padEnd(7)} extension: script ${run.scriptMs.toFixed(0)} ms, tasks ${run.taskMs.toFixed(0)} ms, ${run.longTasks.length} long tasks`);
      }
    }
    // Traced runs (not in the medians above: tracing slows a page): the content script's own CPU
    // time beside the page's, and which long tasks it made long.
    for (const condition of ['without', 'with']) {
      const run = await oneRun(condition === 'with' ? withExt : without, cells, condition === 'with', { perFrame, trace: true });
      traced[condition].push(run);
    }
    log(`  timeline traced: content script ${traced.with[0].trace.extensionScriptMs.toFixed(0)} ms of CPU beside the page's ${traced.with[0].trace.pageScriptMs.toFixed(0)} ms`);
    if (opts.profile) {
      if (process.env.BENCH_PROFILE_WITHOUT) await oneRun(without, cells, false, { perFrame, profile: process.env.BENCH_PROFILE_WITHOUT });
      const run = await oneRun(withExt, cells, true, { perFrame, profile: opts.profile });
      profile = run.profile;
      log(`  timeline profiled: ${opts.profile}`);
    }
  } finally {
    await without.close();
    await withExt.close();
    if (emptyDir) rmSync(emptyDir, { recursive: true, force: true });
  }
  for (const run of [...runs.with, ...traced.with]) {
    // The figures are only worth having if the extension did its job on every run.
    if (run.withoutButton > 0 || !run.hostsRight) {
      throw new Error(`the extension did not decorate the timeline right: ${JSON.stringify({ withoutButton: run.withoutButton, hosts: run.hosts, liveTagged: run.liveTagged })}`);
    }
  }
  const t = traced.with[0].trace;
  const tw = traced.without[0].trace;
  // Figures of another page or baseline than the usual say so in their names.
  const variant = [markup === 'real' ? "X's saved markup" : '', baseline === 'empty' ? 'against an empty extension' : ''].filter(Boolean).join(', ');
  const n = `timeline ${opts.posts.toLocaleString('en-GB')} posts${variant ? ` (${variant})` : ''}`;
  const tracedFigures = [
    figure(`${n}: traced content-script CPU beside the page's script CPU`, '%', (t.extensionScriptMs / t.pageScriptMs) * 100, { max: 6 }),
    figure(`${n}: traced task CPU with / without`, '×', t.taskCpuMs / tw.taskCpuMs),
    figure(`${n}: traced longest content-script work in one task`, 'ms', t.extensionMaxTaskMs, { max: 50 }),
    figure(`${n}: traced tasks the content script took over 50 ms`, 'count', t.extensionLongTasks),
  ];
  if (opts.tracedOnly) return { figures: tracedFigures, runs, traced: { with: t, without: tw }, profile };
  const m = (condition, key) => median(runs[condition].map((r) => r[key]));
  const scriptWithout = m('without', 'scriptMs');
  const scriptWith = m('with', 'scriptMs');
  const taskWithout = m('without', 'taskMs');
  const taskWith = m('with', 'taskMs');
  const longCount = (condition) => median(runs[condition].map((r) => r.longTasks.length));
  const frames = runs.with.flatMap((r) => r.buttonFrames);
  const states = runs.with.flatMap((r) => r.stateFrames);
  const buttonMs = runs.with.flatMap((r) => r.buttonMs);
  const figures = [
    figure(`${n}: script time without extension (median)`, 'ms', scriptWithout),
    figure(`${n}: script time with extension (median)`, 'ms', scriptWith),
    figure(`${n}: script time added by the extension`, '%', (scriptWith / scriptWithout - 1) * 100, { max: 6 }),
    figure(`${n}: task time without extension (median)`, 'ms', taskWithout),
    figure(`${n}: task time with extension (median)`, 'ms', taskWith),
    figure(`${n}: task time ratio with / without`, '×', taskWith / taskWithout),
    figure(`${n}: traced content-script CPU beside the page's script CPU`, '%', (t.extensionScriptMs / t.pageScriptMs) * 100, { max: 6 }),
    figure(`${n}: traced task CPU with / without`, '×', t.taskCpuMs / tw.taskCpuMs),
    figure(`${n}: long tasks > 50 ms without extension (median per run)`, 'count', longCount('without')),
    figure(`${n}: long tasks > 50 ms with extension (median per run)`, 'count', longCount('with')),
    figure(`${n}: traced longest content-script work in one task`, 'ms', t.extensionMaxTaskMs, { max: 50 }),
    figure(`${n}: traced tasks the content script took over 50 ms`, 'count', t.extensionLongTasks),
    figure(`${n}: insertion to button (median)`, 'frames', median(frames)),
    figure(`${n}: insertion to button (p95)`, 'frames', quantile(frames, 0.95), { maxOrEqual: 1 }),
    figure(`${n}: insertion to button (worst)`, 'frames', Math.max(...frames), { maxOrEqual: 1 }),
    figure(`${n}: insertion to button, in time (median)`, 'ms', median(buttonMs)),
    figure(`${n}: insertion to saved state shown (median)`, 'frames', median(states)),
    figure(`${n}: insertion to saved state shown (p95)`, 'frames', quantile(states, 0.95)),
    figure(`${n}: JS heap the extension adds (median with − median without)`, 'MB', m('with', 'heapMb') - m('without', 'heapMb')),
  ];
  return { figures, runs, traced: { with: t, without: tw }, profile };
}
export { oneRun as __oneRun };
