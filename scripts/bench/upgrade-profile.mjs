// The upgrade to the latest schema version in Chromium: a library of N clippings (default 50,000) is
// written as version 11 stored it, then opened by ClipperDB; prints the upgrade's time and the CPU
// seconds of each Chromium process for it (read from /proc, as import-profile.mjs does), and the library's orders read after it (scripts/bench/upgrade-entry.ts).
// node scripts/bench/upgrade-profile.mjs [N]   (needs `npx wxt build` first)
import { readdirSync, readFileSync } from 'node:fs';
import { bundleEntry } from './build.mjs';
import { launchChromium } from './browser.mjs';

const size = Number(process.argv[2] ?? 50_000);

// As in import-profile.mjs:
/** CPU seconds (user and system) of this process's descendants, summed by Chromium process type. */
function chromiumCpu() {
  const procs = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      procs.set(Number(d), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100, type });
    } catch {
      // The process ended while it was read.
    }
  }
  const sums = { total: 0 };
  const walk = (pid) => {
    for (const [child, p] of procs) {
      if (p.ppid !== pid) continue;
      sums.total += p.cpu;
      sums[p.type] = (sums[p.type] ?? 0) + p.cpu;
      walk(child);
    }
  };
  walk(process.pid);
  return sums;
}

/** CPU seconds spent by each kind of Chromium process while `work` ran. */
async function cpuOf(work) {
  const before = chromiumCpu();
  const value = await work();
  const after = chromiumCpu();
  if (!before || !after) return { value, cpu: null };
  const cpu = Object.fromEntries(Object.keys(after).map((k) => [k, Math.round((after[k] - (before[k] ?? 0)) * 100) / 100]).filter(([, v]) => v > 0));
  return { value, cpu };
}

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
