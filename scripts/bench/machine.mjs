// The machine the bench ran on, measured in the same Chromium: three fixed workloads, the same in every
// plan, so that figures from two machines can be read side by side. The bench's other figures are
// absolute times, and one machine of this workplace's kind can be two or three times slower than
// another at what the extension does (docs/performance.md, "Machines differ").
//   script:    200,000 small objects made, sorted and serialised to JSON and back (JavaScript and its GC)
//   memory:    256 MB touched for the first time, a byte a page (what the system charges for new memory)
//   IndexedDB: 20,000 records of about 1 kB put in one transaction into a store with one index, until
//              the transaction completes (the browser's IndexedDB, where bulk imports and syncs spend)
import { figure, median } from './figures.mjs';
import { launchChromium } from './browser.mjs';

const PAGE = '<!doctype html><html lang="en-GB"><head><title>Machine reference</title></head><body></body></html>';

/** Runs in the page: each workload once, in milliseconds. */
async function workloads() {
  const script = () => {
    const t = performance.now();
    const items = [];
    for (let i = 0; i < 200_000; i++) items.push({ id: `p${(i * 7919) % 200_000}`, n: i, words: ['council', 'bins', String(i % 97)] });
    items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const back = JSON.parse(JSON.stringify(items));
    if (back.length !== items.length) throw new Error('script workload lost items');
    return performance.now() - t;
  };
  const memory = () => {
    const t = performance.now();
    const bytes = new Uint8Array(256 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
    const ms = performance.now() - t;
    if (bytes[4096] !== 1) throw new Error('memory workload not written');
    return ms;
  };
  const indexedDb = async () => {
    const name = `machine-${Math.random()}`;
    const db = await new Promise((ok, fail) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('records', { keyPath: 'id' }).createIndex('author', 'author');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const text = 'Bins are collected on Tuesdays this week because of the bank holiday. '.repeat(14);
    const t = performance.now();
    await new Promise((ok, fail) => {
      const tx = db.transaction('records', 'readwrite');
      const store = tx.objectStore('records');
      for (let i = 0; i < 20_000; i++) store.put({ id: `p${i}`, author: `a${i % 500}`, text, n: i });
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    const ms = performance.now() - t;
    db.close();
    await new Promise((ok) => {
      const del = indexedDB.deleteDatabase(name);
      del.onsuccess = del.onerror = del.onblocked = ok;
    });
    return ms;
  };
  return { script: script(), memory: memory(), indexedDb: await indexedDb() };
}

/**
 * @param {{ runs: number, log?: (line: string) => void }} opts
 * @returns {Promise<import('./figures.mjs').Figure[]>}
 */
export async function machineBench({ runs, log = () => {} }) {
  const browser = await launchChromium({ extension: false });
  try {
    browser.pages.set('/machine', PAGE);
    const samples = { script: [], memory: [], indexedDb: [] };
    for (let run = 0; run < runs; run++) {
      // A fresh page each run: its heap and its memory start as a page's do.
      const page = await browser.context.newPage();
      await page.goto('https://x.com/machine');
      const r = await page.evaluate(workloads);
      await page.close();
      for (const k of Object.keys(samples)) samples[k].push(r[k]);
      log(`  machine run ${run + 1}: script ${Math.round(r.script)} ms, memory ${Math.round(r.memory)} ms, IndexedDB ${Math.round(r.indexedDb)} ms`);
    }
    return [
      figure('machine: script reference, 200,000 objects made, sorted and through JSON (median)', 'ms', median(samples.script)),
      figure('machine: memory reference, 256 MB touched for the first time (median)', 'ms', median(samples.memory)),
      figure('machine: IndexedDB reference, 20,000 records of 1 kB put in one transaction (median)', 'ms', median(samples.indexedDb)),
    ];
  } finally {
    await browser.close();
  }
}
