// CPU seconds of the Chromium processes this bench started, read from /proc (Linux), summed by process
// type: IndexedDB's own work happens in the browser process, which a page's profile sees only as idle.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user and system) of this process's descendants, summed by Chromium process type. */
export function chromiumCpu() {
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
export async function cpuOf(work) {
  const before = chromiumCpu();
  const value = await work();
  const after = chromiumCpu();
  if (!before || !after) return { value, cpu: null };
  const cpu = Object.fromEntries(Object.keys(after).map((k) => [k, Math.round((after[k] - (before[k] ?? 0)) * 100) / 100]).filter(([, v]) => v > 0));
  return { value, cpu };
}
