// Where an import's time goes: seeds a library of N clippings (default 10,000) in the extension's
// IndexedDB, exports it, times each step of importing it, imports it again on its own (timed), then
// once more under a CPU profile.
// Each import's CPU time is also read per Chromium process from /proc (Linux): IndexedDB's own work
// happens in the browser process, which the page's profile only sees as idle time, and CPU seconds
// are a steadier figure than elapsed time on a machine shared with other jobs. The records and index
// entries the import wrote are counted too (scripts/bench/import-entry.ts): the work itself.
// node scripts/bench/import-profile.mjs [N] [out.cpuprofile]   (needs `npx wxt build` first)
import { writeFileSync } from 'node:fs';
import { bundleEntry } from './build.mjs';
import { cpuOf } from './chromium-cpu.mjs';
import { launchChromium } from './browser.mjs';
import { startProfile } from './profile.mjs';

const size = Number(process.argv[2] ?? 10_000);
const out = process.argv[3] ?? `bench/profiles/import-${size / 1000}k.cpuprofile`;


const storeCode = await bundleEntry('scripts/bench/store-entry.ts');
const bundleCode = await bundleEntry('scripts/bench/bundle-entry.js');
const countCode = await bundleEntry('scripts/bench/import-entry.ts');
const browser = await launchChromium({ extension: true });
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  const cdp = await browser.context.newCDPSession(page);
  for (const code of [storeCode, bundleCode, countCode]) {
    const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: code });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  }
  await page.evaluate((n) => window.__benchStore.seed(0, n), size);
  // Exports the library and times each step of one import; then the same bytes imported alone.
  const phases = await page.evaluate(() => window.__benchBundle.phases());
  const timed = await cpuOf(() => page.evaluate(() => window.__benchBundle.importOnly()));
  // What the import wrote: records and index entries, counted in the database it wrote.
  const written = await page.evaluate(() => window.__benchImportCount());
  console.log(JSON.stringify({ written }, null, 1));
  console.log(JSON.stringify({ size, importMs: Math.round(timed.value), importCpuSeconds: timed.cpu, phases }, null, 1));
  const stop = await startProfile(cdp);
  const profiled = await cpuOf(() => page.evaluate(() => window.__benchBundle.importOnly()));
  const summary = await stop(out);
  const result = { size, importMs: Math.round(timed.value), importCpuSeconds: timed.cpu, written, phases, profiledImportMs: Math.round(profiled.value), profiledImportCpuSeconds: profiled.cpu, ...summary };
  console.log(JSON.stringify({ profiledImportMs: result.profiledImportMs, profiledImportCpuSeconds: profiled.cpu, scripts: summary.scripts?.slice(0, 8) }, null, 1));
  writeFileSync(out.replace(/\.cpuprofile$/, '.json'), JSON.stringify(result, null, 1));
} finally {
  await browser.close();
}
