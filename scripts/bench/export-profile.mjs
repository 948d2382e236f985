// node scripts/bench/export-profile.mjs [--size=10000] [--runs=3] [--profile=bench/profiles/export-10k] [--baseline=<checkout>]
// The export alone, on the built extension (.output/chrome-mv3): seeds a library as the bench does,
// exports it `runs` times (time and the JS heap's peak rise each, from a collected heap), and with
// --profile takes a CPU profile of one more export, saving <name>.cpuprofile and <name>.md (self
// time by function and by script, garbage collection included: what docs/performance.md's export
// section is read from). With --baseline (another checkout of the project, its node_modules and
// .wxt in place, with this bundle-entry.js), its export runs in the same page on the same library,
// alternating with this one: on a shared machine only such pairs compare. With --workers, this
// checkout's export compresses the zip and writes the Word document in the built extension's
// workers, as the library page does (the baseline as its own code did; a profile then shows the
// page's thread only).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { build } from 'vite';
import { bundleEntry } from './build.mjs';
import { EXTENSION_DIR, launchChromium } from './browser.mjs';
import { startProfile } from './profile.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v = 'true'] = a.replace(/^--/, '').split('='); return [k, v]; }));
const size = Number(args.size ?? 10_000);
const runs = Number(args.runs ?? 3);
const root = resolve(import.meta.dirname, '../..');

/** Evaluates a bundled entry in the page, named so that the profile can tell its functions apart. */
async function inject(context, page, code, name) {
  const cdp = await context.newCDPSession(page);
  const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: `${code}\n//# sourceURL=${name}` });
  await cdp.detach();
  if (exceptionDetails) throw new Error(`bench entry failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
}

/** bundle-entry.js of another checkout, its global renamed __benchBaseline. */
async function baselineEntry(dir) {
  const out = await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    resolve: { alias: { '@': dir, '~': dir } },
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false' },
    build: { write: false, minify: false, lib: { entry: resolve(dir, 'scripts/bench/bundle-entry.js'), formats: ['iife'], name: '__benchBaselineEntry', fileName: 'baseline-entry' } },
  });
  const chunk = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output ?? []).find((c) => c.type === 'chunk');
  return chunk.code.replaceAll('globalThis.__benchBundle', 'globalThis.__benchBaseline');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [storeCode, bundleCode, baselineCode] = await Promise.all([
  bundleEntry('scripts/bench/store-entry.ts'),
  bundleEntry('scripts/bench/bundle-entry.js'),
  args.baseline ? baselineEntry(resolve(args.baseline)) : null,
]);
const browser = await launchChromium({ extension: true });
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  await inject(browser.context, page, storeCode, 'bench-store.js');
  await inject(browser.context, page, bundleCode, 'bench-export.js');
  if (baselineCode) await inject(browser.context, page, baselineCode, 'bench-baseline.js');
  const seedMs = await page.evaluate((n) => window.__benchStore.seed(0, n), size);
  console.log(`seeded ${size} in ${(seedMs / 1000).toFixed(1)} s`);
  const gc = await browser.context.newCDPSession(page);
  const assets = resolve(EXTENSION_DIR, 'assets');
  const files = args.workers && existsSync(assets) ? readdirSync(assets) : [];
  const workerFile = (name) => files.find((f) => f.startsWith(`${name}.worker-`) && f.endsWith('.js'));
  const workers = args.workers ? { zip: `chrome-extension://${browser.extensionId}/assets/${workerFile('zip')}`, docx: `chrome-extension://${browser.extensionId}/assets/${workerFile('docx')}` } : null;
  if (args.workers && !(workerFile('zip') && workerFile('docx'))) throw new Error('no zip and docx workers in the build: run npx wxt build');
  const times = { this: [], baseline: [] };
  const peaks = { this: [], baseline: [] };
  for (let i = 0; i < runs; i++) {
    for (const which of baselineCode ? ['baseline', 'this'] : ['this']) {
      // Each export starts from a collected heap, so its peak rise is its own.
      await gc.send('HeapProfiler.collectGarbage');
      const r = await page.evaluate(([w, urls]) => (w === 'this' ? window.__benchBundle.exportOnly(urls) : window.__benchBaseline.exportOnly()), [which, workers]);
      times[which].push(r.exportMs);
      peaks[which].push(r.exportPeakMb);
      console.log(`export ${size} (${which}): ${r.exportMs.toFixed(0)} ms, peak heap +${r.exportPeakMb.toFixed(1)} MB, zip ${(r.bytes / 1e6).toFixed(1)} MB, ${r.count} clippings`);
    }
  }
  for (const which of baselineCode ? ['baseline', 'this'] : ['this']) {
    console.log(`${which}: median ${median(times[which]).toFixed(0)} ms, median peak +${median(peaks[which]).toFixed(1)} MB over ${runs} runs`);
  }
  if (baselineCode) console.log(`this / baseline, ratio of medians: ${(median(times.this) / median(times.baseline)).toFixed(2)}`);
  if (args.profile) {
    const base = resolve(root, args.profile);
    mkdirSync(dirname(base), { recursive: true });
    const cdp = await browser.context.newCDPSession(page);
    for (const which of baselineCode ? ['baseline', 'this'] : ['this']) {
      const name = which === 'this' ? base : `${base}-baseline`;
      await gc.send('HeapProfiler.collectGarbage');
      const stop = await startProfile(cdp);
      const r = await page.evaluate(([w, urls]) => (w === 'this' ? window.__benchBundle.exportOnly(urls) : window.__benchBaseline.exportOnly()), [which, workers]);
      const summary = await stop(`${name}.cpuprofile`, () => true);
      const total = summary.scripts.reduce((sum, x) => sum + x.ms, 0);
      const lines = [
        `# Export of ${size.toLocaleString('en-GB')} clippings${which === 'baseline' ? ' (baseline)' : ''}: CPU profile`,
        '',
        `${new Date().toISOString().slice(0, 16)} UTC. Export under the profiler (200 µs sampling): ${r.exportMs.toFixed(0)} ms, peak heap +${r.exportPeakMb.toFixed(1)} MB; ${total.toFixed(0)} ms sampled.`,
        '',
        '## Self time by script (top 10)',
        '',
        '| script | ms |',
        '| --- | ---: |',
        ...summary.scripts.map((x) => `| ${x.name} | ${x.ms} |`),
        '',
        '## Self time by function (top 15)',
        '',
        '| function | ms |',
        '| --- | ---: |',
        ...summary.functions.map((f) => `| ${f.name.replace(/\|/g, '\\|')} | ${f.ms} |`),
        '',
      ];
      writeFileSync(`${name}.md`, lines.join('\n'));
      console.log(lines.join('\n'));
    }
  }
} finally {
  await browser.close();
}
