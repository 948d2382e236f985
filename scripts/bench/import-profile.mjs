// Where an import's time goes: seeds a library of N clippings (default 10,000) in the extension's
// IndexedDB, exports it, times each step of importing it, then imports it again under a CPU profile.
// node scripts/bench/import-profile.mjs [N] [out.cpuprofile]   (needs `npx wxt build` first)
import { writeFileSync } from 'node:fs';
import { bundleEntry } from './build.mjs';
import { launchChromium } from './browser.mjs';
import { startProfile } from './profile.mjs';

const size = Number(process.argv[2] ?? 10_000);
const out = process.argv[3] ?? `bench/profiles/import-${size / 1000}k.cpuprofile`;
const storeCode = await bundleEntry('scripts/bench/store-entry.ts');
const bundleCode = await bundleEntry('scripts/bench/bundle-entry.js');
const browser = await launchChromium({ extension: true });
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  const cdp = await browser.context.newCDPSession(page);
  for (const code of [storeCode, bundleCode]) {
    const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: code });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  }
  await page.evaluate((n) => window.__benchStore.seed(0, n), size);
  const phases = await page.evaluate(() => window.__benchBundle.phases());
  console.log(JSON.stringify({ size, phases }, null, 1));
  const stop = await startProfile(cdp);
  const ms = await page.evaluate(() => window.__benchBundle.importOnly());
  const summary = await stop(out);
  console.log(JSON.stringify({ importMs: Math.round(ms), ...summary }, null, 1));
  writeFileSync(out.replace(/\.cpuprofile$/, '.json'), JSON.stringify({ size, phases, importMs: Math.round(ms), ...summary }, null, 1));
} finally {
  await browser.close();
}
