// The page's cost of the main-world reader of X's own responses (entrypoints/x-data.content.ts): an
// X-like page whose own script fetches X's real list timeline response (the saved 3.5 MiB file, served
// as compact JSON as X sends it: about 1 MiB of text) and parses it, as X's
// web app does (XMLHttpRequest, in the page's own tasks), in Chromium without and with the extension,
// alternating. Once with the response as X
// sent it (no tracked tag: the reader's string test says no, nothing is parsed), once with its long
// posts tagged #lgadigital (the reader clones, tests, parses and reads it in an idle callback).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './browser.mjs';
import { figure, median, notMeasured } from './figures.mjs';
import { GRAPHQL_DIR, loadGraphQL } from '../../tests/fixtures/x/real.mjs';
import { renderTimelinePage, samplePosts } from '../../tests/fixtures/x/posts.mjs';

const NAME = 'twscrape__raw_list_timeline.json';
const PATH = '/i/api/graphql/Bench0List/ListLatestTweetsTimeline';
const TAG = 'lgadigital';

/** Every Tweet object with a long text (note_tweet) tagged as X would write it, in a copy. */
function taggedCopy(json) {
  const copy = structuredClone(json);
  let tagged = 0;
  const walk = (node) => {
    if (node === null || typeof node !== 'object') return;
    const note = node.__typename === 'Tweet' ? node.note_tweet?.note_tweet_results?.result : undefined;
    if (note && typeof note.text === 'string') {
      const at = note.text.length + 1;
      note.text = `${note.text} #${TAG}`;
      note.entity_set ??= {};
      note.entity_set.hashtags = [...(note.entity_set.hashtags ?? []), { indices: [at, at + TAG.length + 1], text: TAG }];
      tagged++;
    }
    for (const key of Object.keys(node)) walk(node[key]);
  };
  walk(copy);
  return { text: JSON.stringify(copy), tagged };
}

const metric = (metrics, name) => metrics.find((m) => m.name === name)?.value ?? NaN;

/** One run in a fresh tab: the page fetches and parses the response `times` times; CDP deltas over it. */
async function oneRun(browser, variant, times, withExtension) {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto('https://x.com/home');
  if (withExtension) await page.waitForSelector(`[data-lga-post="${samplePosts.taggedLink.id}"][data-state]:not([data-state="unknown"])`, { timeout: 20_000 });
  await page.waitForTimeout(300);
  const before = (await cdp.send('Performance.getMetrics')).metrics;
  // The page's own script does the work, in its own tasks (a timer, then each fetch's callbacks), as X's does.
  const longTasks = await page.evaluate(
    ({ path, times }) =>
      new Promise((done) => {
        const long = [];
        const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({ type: 'longtask' });
        let i = 0;
        const next = () => {
          if (i === times) {
            // Long enough for the reader's idle callbacks (1 s timeout each) to have run.
            setTimeout(() => {
              observer.disconnect();
              done(long);
            }, 1500);
            return;
          }
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `${path}?variables=%7B%22i%22%3A${i++}%7D`);
          xhr.onload = () => {
            JSON.parse(xhr.responseText); // as X's web app does with its own copy
            setTimeout(next, 50);
          };
          xhr.send();
        };
        setTimeout(next, 0);
      }),
    { path: `${PATH}/${variant}`, times },
  );
  const after = (await cdp.send('Performance.getMetrics')).metrics;
  await page.close();
  return {
    scriptMs: (metric(after, 'ScriptDuration') - metric(before, 'ScriptDuration')) * 1000,
    taskMs: (metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) * 1000,
    longTasks,
  };
}

/**
 * @param {{ responses: number, runs: number, log?: (line: string) => void }} opts
 * @returns {Promise<import('./figures.mjs').Figure[]>}
 */
export async function xDataBench(opts) {
  const log = opts.log ?? (() => {});
  const n = `x data: ${opts.responses} real list timeline response${opts.responses === 1 ? '' : 's'}`;
  const names = ['untagged', 'tagged'].flatMap((v) => [`${n}, ${v}: the page's own script time, without the extension (median)`, `${n}, ${v}: script time added by the reader (median)`, `${n}, ${v}: long tasks > 50 ms with the reader (median per run)`]);
  if (!existsSync(resolve(GRAPHQL_DIR, NAME))) return names.map((name) => notMeasured(name, name.includes('long tasks') ? 'count' : 'ms', null, 'not measured: no saved GraphQL responses'));
  const original = JSON.stringify(loadGraphQL(NAME));
  const tagged = taggedCopy(loadGraphQL(NAME));
  log(`x data: ${tagged.tagged} long posts tagged in the response of ${(Buffer.byteLength(tagged.text) / 2 ** 20).toFixed(2)} MiB (untagged: ${(Buffer.byteLength(original) / 2 ** 20).toFixed(2)} MiB)`);
  const without = await launchChromium({ extension: false });
  const withExt = await launchChromium({ extension: true });
  const figures = [];
  try {
    for (const b of [without, withExt]) {
      b.pages.set('/home', renderTimelinePage([samplePosts.taggedLink]));
      b.pages.set(`${PATH}/untagged`, original);
      b.pages.set(`${PATH}/tagged`, tagged.text);
    }
    for (const variant of ['untagged', 'tagged']) {
      await oneRun(without, variant, 1, false); // warm-up, not counted
      await oneRun(withExt, variant, 1, true);
      const runs = { without: [], with: [] };
      for (let r = 0; r < opts.runs; r++) {
        for (const condition of r % 2 === 0 ? ['without', 'with'] : ['with', 'without']) {
          const run = await oneRun(condition === 'with' ? withExt : without, variant, opts.responses, condition === 'with');
          runs[condition].push(run);
          log(`  x data ${variant} run ${r + 1}/${opts.runs} ${condition.padEnd(7)} extension: script ${run.scriptMs.toFixed(0)} ms, ${run.longTasks.length} long tasks`);
        }
      }
      const m = (c, k) => median(runs[c].map((x) => x[k]));
      figures.push(
        figure(`${n}, ${variant}: the page's own script time, without the extension (median)`, 'ms', m('without', 'scriptMs')),
        figure(`${n}, ${variant}: script time added by the reader (median)`, 'ms', m('with', 'scriptMs') - m('without', 'scriptMs')),
        figure(`${n}, ${variant}: long tasks > 50 ms with the reader (median per run)`, 'count', median(runs.with.map((x) => x.longTasks.length))),
      );
    }
  } finally {
    await without.close();
    await withExt.close();
  }
  return figures;
}
