// A Chromium trace (CDP Tracing, the performance panel's categories) of one run, and what it says
// of the content script: its CPU time beside the page's own script, and the long tasks it causes.
// Thread times (tdur) are used, not wall times, so other work on a shared machine counts less.

const CATEGORIES = ['devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing'].join(',');
const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'RunMicrotasks', 'v8.callFunction', 'V8.Execute']);

export async function startTrace(cdp) {
  const events = [];
  const onData = (d) => events.push(...d.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

const isExtension = (e) => /^chrome-extension:\/\/[a-p]{32}\/content-scripts\//.test(e.args?.data?.url ?? '');
const cpu = (e) => (e.tdur ?? e.dur ?? 0) / 1000;

/** Outermost events of a kind on one thread (an event inside another of the kind is not counted twice). */
function outermost(events, keep) {
  const out = [];
  let end = -Infinity;
  for (const e of events) {
    if (!keep(e)) continue;
    if (e.ts >= end) {
      out.push(e);
      end = e.ts + e.dur;
    }
  }
  return out;
}

/**
 * @param {any[]} events
 * @returns {{ extensionScriptMs: number, pageScriptMs: number, taskCpuMs: number, tasks: number, longTasks: number, extensionLongTasks: number, extensionMaxTaskMs: number }}
 */
export function attribute(events) {
  const complete = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts);
  const byThread = new Map();
  for (const e of complete) if (isExtension(e)) byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  // The page's main thread: where the content script ran or, without it, where the page's
  // animation frames ran.
  const frames = new Map();
  for (const e of complete) if (e.name === 'FireAnimationFrame') frames.set(`${e.pid}:${e.tid}`, (frames.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...byThread].sort((a, b) => b[1] - a[1])[0]?.[0] ?? [...frames].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) throw new Error('the trace shows no work of the page');
  const mine = complete.filter((e) => `${e.pid}:${e.tid}` === main);
  const ext = outermost(mine, isExtension);
  const scripts = outermost(mine, (e) => SCRIPT_EVENTS.has(e.name));
  const tasks = outermost(mine, (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const extensionScriptMs = ext.reduce((s, e) => s + cpu(e), 0);
  const allScriptMs = scripts.reduce((s, e) => s + cpu(e), 0);
  let longTasks = 0;
  let extensionLongTasks = 0;
  let extensionMaxTaskMs = 0;
  let i = 0;
  for (const t of tasks) {
    while (i < ext.length && ext[i].ts < t.ts) i++;
    let inTask = 0;
    for (let j = i; j < ext.length && ext[j].ts < t.ts + t.dur; j++) inTask += cpu(ext[j]);
    extensionMaxTaskMs = Math.max(extensionMaxTaskMs, inTask);
    const long = cpu(t) > 50;
    if (long) longTasks++;
    // The extension's own: a task over 50 ms that would have been under 50 ms without its script.
    if (long && cpu(t) - inTask <= 50) extensionLongTasks++;
  }
  const taskCpuMs = tasks.reduce((sum, t) => sum + cpu(t), 0);
  return { extensionScriptMs, pageScriptMs: allScriptMs - extensionScriptMs, taskCpuMs, tasks: tasks.length, longTasks, extensionLongTasks, extensionMaxTaskMs };
}

/** The content script's CPU time by the function the browser called (observer callback, message reply…). */
export function extensionCallbacks(events) {
  const out = new Map();
  const ext = outermost(events.filter((e) => e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts), isExtension);
  for (const e of ext) {
    const d = e.args.data;
    const key = `${d.functionName || '(anonymous)'} ${d.url.split('/').pop()}:${d.lineNumber}:${d.columnNumber}`;
    const o = out.get(key) ?? { calls: 0, ms: 0 };
    o.calls++;
    o.ms += cpu(e);
    out.set(key, o);
  }
  return [...out].sort((a, b) => b[1].ms - a[1].ms).map(([name, v]) => ({ name, calls: v.calls, ms: Math.round(v.ms * 10) / 10 }));
}
