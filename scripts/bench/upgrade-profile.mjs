// The upgrade to the latest schema version in Chromium: a library of N clippings (default 50,000) is
// written as version 11 stored it, then opened by ClipperDB; prints the upgrade's time and the CPU
// seconds of each Chromium process for it (scripts/bench/chromium-cpu.mjs), and the library's orders read after it (scripts/bench/upgrade-entry.ts).
// node scripts/bench/upgrade-profile.mjs [N]   (needs `npx wxt build` first)
import { bundleEntry } from './build.mjs';
import { cpuOf } from './chromium-cpu.mjs';
import { launchChromium } from './browser.mjs';

const size = Number(process.argv[2] ?? 50_000);


const code = await bundleEntry('scripts/bench/upgrade-entry.ts');
const browser = await launchChromium({ extension: true });
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  const cdp = await browser.context.newCDPSession(page);
  const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: code });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  const seeded = await page.evaluate((n) => window.__benchUpgrade.seed(n), size);
  const upgraded = await cpuOf(() => page.evaluate((name) => window.__benchUpgrade.upgrade(name), seeded.name));
  const orders = await page.evaluate((name) => window.__benchUpgrade.orders(name), seeded.name);
  console.log(JSON.stringify({ size, ...seeded, ...upgraded.value, upgradeCpuSeconds: upgraded.cpu, orders }, null, 1));
} finally {
  await browser.close();
}
