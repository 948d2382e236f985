// Where the import's time goes in its worker (utils/store/import.worker.ts), as the library page runs it:
// seeds a library of N clippings (default 10,000) in the extension's IndexedDB, exports it, then imports
// it through the built import worker with that worker under a CPU profile, and summarises the profile
// (import-profile.mjs profiles the same import run on the page, as it ran before December 2026).
// The worker is profiled from its first line: the page's DevTools session attaches to new workers paused
// (the older, unflattened way: worker-heap.mjs), starts the profiler in it, then lets it run; the
// page's Worker.terminate is held back for the run, so that the profile can be read before the worker goes.
// node scripts/bench/import-worker-profile.mjs [N] [out.cpuprofile]   (needs `npx wxt build` first)
import { readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleEntry } from './build.mjs';
import { EXTENSION_DIR, launchChromium } from './browser.mjs';
import { summarise } from './profile.mjs';
import { workerMessenger } from './worker-heap.mjs';

const size = Number(process.argv[2] ?? 10_000);
const out = process.argv[3] ?? `bench/import-worker-${size / 1000}k.cpuprofile`;

/** Self time by position in the worker's (minified) script, the lines and columns a source map would name. */
function byPosition(profile, count = 12) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { callFrame: f } = byId.get(id);
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => ({ name, ms: Math.round(ms) }));
}

const storeCode = await bundleEntry('scripts/bench/store-entry.ts');
const bundleCode = await bundleEntry('scripts/bench/bundle-entry.js');
const browser = await launchChromium({ extension: true });
try {
  const page = await browser.context.newPage();
  const base = `chrome-extension://${browser.extensionId}`;
  await page.goto(`${base}/manifest.json`);
  const cdp = await browser.context.newCDPSession(page);
  for (const code of [storeCode, bundleCode]) {
    const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: code });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  }
  await page.evaluate((n) => window.__benchStore.seed(0, n), size);
  await page.evaluate(() => window.__benchBundle.exportUntimed());

  const assets = readdirSync(resolve(EXTENSION_DIR, 'assets'));
  const asset = (name) => {
    const file = assets.find((f) => f.startsWith(`${name}.worker-`));
    if (!file) throw new Error(`no ${name} worker in the build: run npx wxt build`);
    return `${base}/assets/${file}`;
  };
  const workers = { zip: asset('zip'), docx: asset('docx'), import: asset('import') };

  // A long profile takes a while to hand over: a minute to answer.
  const ask = workerMessenger(cdp, 60_000);
  let profiled = null;
  cdp.on('Target.attachedToTarget', async (event) => {
    if (event.targetInfo.type === 'worker' && event.targetInfo.url === workers.import && !profiled) {
      profiled = event.sessionId;
      await ask(profiled, 'Profiler.enable');
      await ask(profiled, 'Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_SAMPLING_US ?? 200) });
      await ask(profiled, 'Profiler.start');
    }
    await ask(event.sessionId, 'Runtime.runIfWaitingForDebugger');
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  await page.evaluate(() => {
    window.__heldWorkers = [];
    window.__terminate = Worker.prototype.terminate;
    Worker.prototype.terminate = function () {
      window.__heldWorkers.push(this);
    };
  });
  const imported = await page.evaluate((w) => window.__benchBundle.importKept(w), workers);
  if (imported.imported !== size) throw new Error(`the import stored ${imported.imported} clippings of ${size}`);
  if (!profiled) throw new Error('the import worker was never seen');
  const result = await ask(profiled, 'Profiler.stop');
  if (!result) throw new Error('the import worker gave no profile');
  await page.evaluate(() => window.__heldWorkers.forEach((w) => window.__terminate.call(w)));
  writeFileSync(out, JSON.stringify(result.profile));
  const summary = summarise(result.profile);
  console.log(JSON.stringify({ size, importMs: Math.round(imported.importMs), openMs: Math.round(imported.readMs), profile: out, scripts: summary.scripts, byPosition: byPosition(result.profile) }, null, 1));
} finally {
  await browser.close();
}
