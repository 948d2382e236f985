// CPU profiles (CDP Profiler) and a short summary of where the time went, by function and by script.
import { writeFileSync } from 'node:fs';

/** Starts the profiler on a CDP session; the returned function stops it, saves the profile and summarises it. */
export async function startProfile(cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_SAMPLING_US ?? 200) });
  await cdp.send('Profiler.start');
  return async (file, filter = () => true) => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    return summarise(profile, filter);
  };
}

/**
 * Self time by function (and by script URL), from a .cpuprofile.
 * @param {any} profile @param {(url: string) => boolean} filter which scripts' functions to list
 */
export function summarise(profile, filter = () => true) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const clean = (url) => url.replace(/^chrome-extension:\/\/[a-p]{32}/, 'chrome-extension://<id>');
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${clean(n.callFrame.url).split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  // A native call (querySelectorAll, appendChild…) has no script: it counts for its nearest caller that has one.
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const n = byId.get(id);
    let found = n.callFrame.url ? n : null;
    if (!found && parent.has(id)) found = ownerOf(parent.get(id));
    owner.set(id, found);
    return found;
  };
  const self = new Map();
  const byScript = new Map();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const o = ownerOf(id);
    const script = o ? clean(o.callFrame.url) : `(${n.callFrame.functionName || 'anonymous'})`;
    byScript.set(script, (byScript.get(script) ?? 0) + dt);
    if (!o || !filter(o.callFrame.url)) return;
    const key = n === o ? label(n) : `${n.callFrame.functionName || '(native)'} called by ${label(o)}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }));
  return { functions: top(self, 15), scripts: top(byScript, 10) };
}
