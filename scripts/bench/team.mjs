// Part 6: the team library at scale. The embedded team server (scripts/team/testkit.mjs) gets a team
// database of N clippings and their annotations by several members, written over CouchDB's HTTP API
// (`_bulk_docs`, as the members themselves, so the server's validation runs) in the shapes the
// extension writes (clippingDocOf and annotationDocOf of records made as the store makes them). Then a
// fresh Chromium profile connects through Options like a user and its library's first sync is timed;
// with that library open, simulated contributors (Node clients, one member each) write one change a
// second, and each change's delay until it is in the library is measured; at the end both sides'
// memory, and every document counted on the server and in the library.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { EXTENSION_DIR, launchChromium } from './browser.mjs';
import { benchAnnotation, benchSnapshot, postIdOf } from './corpus.mjs';
import { figure, median, notMeasured, quantile } from './figures.mjs';
import { startProfile } from './profile.mjs';
import { addMember, createTeam, startTeamServer } from '../team/testkit.mjs';

const root = resolve(import.meta.dirname, '../..');
const ADMIN = { user: 'bench-admin', password: 'bench-admin-secret' };
const TEAM = 'lga-bench';
const READER = { user: 'reader', password: 'reader-password' };
const ORGANISATION = 'Bench Council';
/** Documents per `_bulk_docs` request while seeding, and requests in flight at once. */
const SEED_BATCH = 500;
const SEED_PARALLEL = 2;
/** How long the library may take to show what the server has, after the writers stop. */
const SETTLE_MS = 60_000;
/**
 * How often the first sync's progress is counted in the library page. Each count is two cheap
 * IndexedDB counts, but the sync runs on the same page: counting more often slowed it measurably.
 */
const POLL_MS = 1000;
/** The first sync's CPU profile covers at most its first minute (a longer one is too large to keep). */
const PROFILE_MS = 60_000;
const clippedAtOf = (i) => Date.UTC(2025, 0, 1) + i * 60_000;

/** The extension's own modules (TypeScript), loaded in Node as testkit.mjs runs the team scripts. */
async function loadModules() {
  const jiti = createJiti(import.meta.url, { alias: { '@': root, '~': root } });
  const [docs, connect, clippings, annotations, records, themes, identity, contributors] = await Promise.all(
    ['utils/team/team-docs.ts', 'utils/team/connect.ts', 'utils/store/clippings.ts', 'utils/store/annotations.ts', 'utils/domain/records.ts', 'utils/domain/themes.ts', 'utils/bundle/identity.ts', 'utils/domain/contributors.ts'].map((f) =>
      jiti.import(join(root, f)),
    ),
  );
  return { ...docs, ...connect, ...clippings, ...annotations, ...records, ...themes, ...identity, ...contributors };
}

/** A copy of the build whose manifest grants the server's origin (headless Chromium cannot answer the prompt). */
function buildGranting(origins, from = EXTENSION_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'lga-bench-build-'));
  cpSync(from, dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...origins];
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return dir;
}

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** One request to the server; throws with the answer's text unless it is 2xx. */
async function couch(url, auth, init = {}) {
  const res = await fetch(url, { ...init, headers: { Authorization: auth, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** CPU time a process has used, in seconds (`/proc/<pid>/stat` utime + stime). */
function processCpu(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ", utime and stime are the 12th and 13th fields, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The page's main-thread busy time and script time so far, in seconds (CDP Performance.getMetrics). */
async function pageTimes(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((x) => x.name === name)?.value ?? NaN;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), heap: get('JSHeapUsedSize') };
}

/** `/proc/<pid>/status` figures in MB (VmRSS: now, VmHWM: the peak). */
function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Seeds the team database: clippings 0..n-1 in batches, each batch written by one member (the
 * clippings' contributor) with that member's annotations of them; every tenth clipping also gets
 * the next member's annotation, written by that member. Returns the documents' revisions by id.
 */
async function seed(m, url, members, n) {
  const themes = [...m.DEFAULT_THEME_IDS];
  const themeMap = new Map(themes.map((id) => [id, { name: null, builtIn: 1 }]));
  /** @type {Map<string, string>} */
  const revs = new Map();
  const requests = [];
  for (let start = 0, b = 0; start < n; start += SEED_BATCH, b++) {
    const writer = members[b % members.length];
    const second = members[(b + 1) % members.length];
    const mine = [];
    const theirs = [];
    for (let i = start; i < Math.min(n, start + SEED_BATCH); i++) {
      const snapshot = benchSnapshot(i);
      const patch = benchAnnotation(i, themes);
      const first = m.newAnnotation(snapshot.postId, m.OWNER, clippedAtOf(i));
      const annotation = patch ? m.patchedAnnotation(first, patch, clippedAtOf(i) + 1) : first;
      mine.push(m.clippingDocOf(m.newClippingRecord(snapshot, [annotation], clippedAtOf(i)), writer.user));
      if (patch) mine.push(m.annotationDocOf(annotation, writer.user, writer, themeMap));
      if (i % 10 === 0 && second !== writer) {
        const other = m.patchedAnnotation(first, { verdict: i % 20 === 0 ? 'do' : 'dont', lesson: `Lead with what changes for residents (${second.name})` }, clippedAtOf(i) + 2);
        theirs.push(m.annotationDocOf(other, second.user, second, themeMap));
      }
    }
    requests.push({ by: writer, docs: mine });
    if (theirs.length > 0) requests.push({ by: second, docs: theirs });
  }
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { by, docs } = requests[next++];
      const answer = await couch(`${url}/${TEAM}/_bulk_docs`, basic(by.user, by.password), { method: 'POST', body: JSON.stringify({ docs }) });
      for (const r of answer) {
        if (!r.ok) throw new Error(`seeding: ${r.id} refused by the server (${r.error}: ${r.reason})`);
        revs.set(r.id, r.rev);
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_PARALLEL }, worker));
  return revs;
}

/** Every document on the server, counted: clippings, and annotations by owner. */
async function serverCounts(url) {
  const range = async (prefix) =>
    (await couch(`${url}/${TEAM}/_all_docs?startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`, basic(ADMIN.user, ADMIN.password))).rows.map((r) => r.id);
  const clippings = (await range('clipping:')).length;
  /** @type {Record<string, number>} */
  const annotations = {};
  for (const id of await range('annotation:')) {
    const owner = id.split(':')[1];
    annotations[owner] = (annotations[owner] ?? 0) + 1;
  }
  return { clippings, annotations };
}

/** In the library page: the library's clippings, and its annotations by contributor name (the owner's left out). */
function libraryCounts(owner) {
  return new Promise((done, fail) => {
    const open = indexedDB.open('lga-guide-clipper');
    open.onerror = () => fail(open.error);
    // Any exception here (a store or index the schema does not have) rejects, so that the bench
    // stops with its message instead of waiting for an answer that never comes.
    open.onsuccess = () => {
      const db = open.result;
      try {
        const tx = db.transaction(['clippings', 'annotations', 'contributors'], 'readonly');
        const out = { clippings: 0, annotations: {} };
        const names = new Map();
        tx.objectStore('clippings').count().onsuccess = (e) => (out.clippings = e.target.result);
        tx.objectStore('contributors').getAll().onsuccess = (e) => {
          for (const c of e.target.result) names.set(c.id, c.name);
        };
        // The annotations' primary keys, [postId, contributorId]: no index needed.
        const byContributor = new Map();
        tx.objectStore('annotations').openKeyCursor().onsuccess = (e) => {
          const cursor = e.target.result;
          if (!cursor) return;
          const contributor = cursor.primaryKey[1];
          if (contributor !== owner) byContributor.set(contributor, (byContributor.get(contributor) ?? 0) + 1);
          cursor.continue();
        };
        tx.oncomplete = () => {
          for (const [id, count] of byContributor) out.annotations[names.get(id) ?? id] = count;
          db.close();
          done(out);
        };
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error ?? new Error('libraryCounts: transaction aborted'));
      } catch (e) {
        db.close();
        fail(e);
      }
    };
  });
}

/**
 * In the library page: the clippings in the library and the documents in the local replica (PouchDB's
 * IndexedDB database, `_pouch_<name>`; the larger figure of the names given), each read in one step, so that
 * polling them does not slow the sync measured. IndexedDB's `count()` walks every entry (in Chromium), and
 * two counts a second of 50,000 clippings and 85,000 documents took a share of the one thread that writes both
 * databases. So the library's figure is its count of clippings (the `meta` record `clippingCount`, written in
 * the same transaction as every clipping, utils/store/counts.ts), and the replica's is the sequence of its last
 * write (its newest `by-sequence` key; for a fresh profile that pulls and sends nothing, one per document
 * written, so every document is in when it reaches the server's count; with PouchDB's `indexeddb` adapter, the
 * newest key of its `seq` index). `count()` is kept for a library before version 8.
 */
function syncCounts(replica) {
  const read = (name, ask) =>
    new Promise((done) => {
      const open = indexedDB.open(name);
      // A database not made yet is not made here (PouchDB makes its own, with its stores).
      open.onupgradeneeded = () => open.transaction.abort();
      open.onerror = () => done(0);
      open.onsuccess = () => {
        const db = open.result;
        let asked;
        try {
          asked = ask(db);
        } catch {
          asked = null;
        }
        if (!asked) {
          db.close();
          return done(0);
        }
        const [request, valueOf = (result) => result] = asked;
        request.onsuccess = () => {
          db.close();
          done(valueOf(request.result));
        };
        request.onerror = () => {
          db.close();
          done(0);
        };
      };
    });
  const store = (db, name) => (db.objectStoreNames.contains(name) ? db.transaction(name, 'readonly').objectStore(name) : null);
  const clippings = read('lga-guide-clipper', (db) => {
    const meta = store(db, 'meta');
    if (meta) return [meta.get('clippingCount'), (record) => record?.value ?? 0];
    const all = store(db, 'clippings');
    return all ? [all.count()] : null;
  });
  const replicated = (name) =>
    read(`_pouch_${name}`, (db) => {
      const bySequence = store(db, 'by-sequence');
      if (bySequence) return [bySequence.openKeyCursor(null, 'prev'), (cursor) => cursor?.key ?? 0];
      const docs = store(db, 'docs');
      return docs ? [docs.index('seq').openKeyCursor(null, 'prev'), (cursor) => cursor?.key ?? 0] : null;
    });
  return Promise.all([clippings, ...[replica].flat().map(replicated)]).then(([clippings, ...replicas]) => ({ clippings, replicated: Math.max(...replicas) }));
}

/**
 * In the library page, from its start: every text the team's sync indicator shows, in turn, and
 * every sync status written to storage (by this page's sync or another context's).
 */
function watchIndicator() {
  window.__indicator = [];
  window.__indicatorAt = [];
  window.__statuses = [];
  globalThis.chrome?.storage?.onChanged.addListener((changes) => {
    const s = changes.teamStatus?.newValue;
    if (s) window.__statuses.push(`${s.state}${s.progress ? ` ${s.progress.done}/${s.progress.total}` : ''}`);
  });
  const look = () => {
    const text = document.querySelector('[data-sync-state]')?.textContent;
    if (text && window.__indicator.at(-1) !== text) {
      window.__indicator.push(text);
      window.__indicatorAt.push(Date.now());
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  // The page's long tasks (over 50 ms): while a first sync merges, can the library still be used?
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([Date.now() - (performance.now() - e.startTime), e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing in this browser: the figures below say "not measured".
    window.__longTasks = null;
  }
}

/**
 * In the library page: a loop that looks up the changes written (their annotation's key and the
 * note that marks them) every 50 ms and records when each is first in the library.
 */
function installChangeWatch() {
  window.__changes = { pending: [], seen: [] };
  const open = indexedDB.open('lga-guide-clipper');
  open.onsuccess = () => {
    const db = open.result;
    const look = () => {
      const list = window.__changes.pending;
      if (list.length === 0) return setTimeout(look, 50);
      const tx = db.transaction('annotations', 'readonly');
      const store = tx.objectStore('annotations');
      const now = Date.now();
      const found = new Set();
      for (const c of list) {
        store.get([c.postId, c.contributorId]).onsuccess = (e) => {
          if (e.target.result?.note === c.note) found.add(c);
        };
      }
      tx.oncomplete = () => {
        for (const c of found) window.__changes.seen.push({ note: c.note, delay: now - c.sentAt });
        window.__changes.pending = window.__changes.pending.filter((c) => !found.has(c));
        setTimeout(look, 50);
      };
    };
    look();
  };
}

/**
 * @param {{ clippings: number, writers: number, seconds: number, log?: (line: string) => void, profile?: string, profileAfter?: number, profileLive?: string }} opts
 *   profile: a file to save a CPU profile of the library page during its first sync in (at most a
 *   minute of it); profileAfter: seconds into the first sync to start that profile (0, its start);
 *   profileLive: a file to save a CPU profile of the library page in while the writers write and it catches up
 * @returns {Promise<{ figures: import('./figures.mjs').Figure[], notes: Record<string, unknown> }>}
 */
export async function teamBench({ clippings: n, writers, seconds, log = () => {}, profile, profileAfter = 0, profileLive, extension = EXTENSION_DIR }) {
  const m = await loadModules();
  const label = `team ${n.toLocaleString('en-GB')}`;
  const figures = [];
  const notes = { clippings: n, writers, seconds };
  const server = await startTeamServer({ admin: ADMIN });
  let build;
  let browser;
  try {
    await createTeam(server.url, ADMIN, TEAM);
    const members = Array.from({ length: writers }, (_, k) => {
      const user = `m${String(k + 1).padStart(2, '0')}`;
      return { user, password: `${user}-password`, name: `Member ${String(k + 1).padStart(2, '0')}`, organisation: ORGANISATION };
    });
    for (const member of [...members, READER]) await addMember(server.url, ADMIN, TEAM, member.user, member.password);

    log(`${label}: seeding the server over HTTP (${SEED_BATCH} documents a request, as ${writers} members)`);
    const seedStart = Date.now();
    const revs = await seed(m, server.url, members, n);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const seeded = await serverCounts(server.url);
    const seededAnnotations = Object.values(seeded.annotations).reduce((a, b) => a + b, 0);
    log(`${label}: ${seeded.clippings} clippings and ${seededAnnotations} annotations on the server in ${seedSeconds.toFixed(1)} s`);
    figures.push(figure(`${label}: seeding the server, documents written a second`, 'docs/s', (seeded.clippings + seededAnnotations) / seedSeconds));

    // A fresh profile connects through Options, then opens its library.
    // The server's origin with its port, as Connect asks Chrome for it (originPattern in utils/team/connect.ts).
    build = buildGranting([m.originPattern(server.url, true)], extension);
    browser = await launchChromium({ extension: true, extensionDir: build });
    const base = `chrome-extension://${browser.extensionId}`;
    const options = await browser.context.newPage();
    await options.goto(`${base}/options.html`);
    const section = options.getByRole('region', { name: 'Team library' });
    await section.getByRole('textbox', { name: 'Server address' }).fill(server.url);
    await section.getByRole('textbox', { name: 'Team name' }).fill(TEAM);
    await section.getByRole('textbox', { name: 'User name' }).fill(READER.user);
    await section.getByLabel('Password').fill(READER.password);
    const connectedAt = Date.now();
    const serverCpuBefore = processCpu(server.pid);
    await section.getByRole('button', { name: 'Connect' }).click();
    // Connected, or the alert that names why not (a permission not granted, a wrong password), whichever comes first.
    const connected = section.getByRole('status').filter({ hasText: `Connected to team ${TEAM} as ${READER.user}.` });
    await connected.or(section.getByRole('alert')).first().waitFor({ timeout: 60_000 });
    if (!(await connected.isVisible())) throw new Error(`${label}: Connect failed: ${await section.getByRole('alert').first().textContent()}`);
    await options.close();
    const library = await browser.context.newPage();
    await library.addInitScript(watchIndicator);
    await library.goto(`${base}/library.html`);
    const cdp = await browser.context.newCDPSession(library);
    await cdp.send('Performance.enable');
    let stopProfile = profile && profileAfter === 0 ? await startProfile(cdp) : null;
    let profileStart = Date.now();
    let profileWanted = !!profile && profileAfter > 0;
    const saveProfile = async () => {
      const summary = await stopProfile(profile);
      stopProfile = null;
      notes.firstSyncProfile = { file: profile, seconds: (Date.now() - profileStart) / 1000, ...summary };
      log(`${label}: CPU profile of ${notes.firstSyncProfile.seconds.toFixed(0)} s of the first sync from ${((profileStart - connectedAt) / 1000).toFixed(0)} s in ${profile}; by script: ${summary.scripts.map((x) => `${x.name.split('/').pop()} ${(x.ms / 1000).toFixed(1)} s`).join(', ')}`);
    };
    log(`${label}: connected in ${((Date.now() - connectedAt) / 1000).toFixed(1)} s; the library's first sync runs`);
    let lastLog = Date.now();
    // The documents the server has for the reader: the clippings and annotations, and the design document.
    const serverDocs = seeded.clippings + seededAnnotations + 1;
    // The local replica: `lga-team:…`, or `lga-team-2:…` in a build whose replica is kept by PouchDB's `indexeddb`
    // adapter (docs/performance.md, "PouchDB's indexeddb adapter tried"), so that such a build can be measured too.
    const replica = ['lga-team-2', 'lga-team'].map((prefix) => `${prefix}:${new URL(server.url).host}:${TEAM}:${READER.user}`);
    let replicatedAt = null;
    for (;;) {
      const counts = await library.evaluate(syncCounts, replica);
      if (replicatedAt === null && counts.replicated >= serverDocs) replicatedAt = Date.now();
      if (counts.clippings >= seeded.clippings) break;
      if (profileWanted && Date.now() - connectedAt >= profileAfter * 1000) {
        profileWanted = false;
        stopProfile = await startProfile(cdp);
        profileStart = Date.now();
      }
      if (stopProfile && Date.now() - profileStart > PROFILE_MS) await saveProfile();
      if (Date.now() - connectedAt > 30 * 60_000) throw new Error(`${label}: the first sync had ${counts.clippings} of ${seeded.clippings} clippings after 30 minutes`);
      if (Date.now() - lastLog > 10_000) {
        log(`${label}: first sync, after ${((Date.now() - connectedAt) / 1000).toFixed(0)} s: ${counts.replicated} of ${serverDocs} documents in the local replica, ${counts.clippings} of ${seeded.clippings} clippings in the library`);
        lastLog = Date.now();
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const firstSync = (Date.now() - connectedAt) / 1000;
    notes.firstSync = { seconds: firstSync, replicaCompleteAfter: replicatedAt === null ? null : (replicatedAt - connectedAt) / 1000 };
    log(`${label}: the local replica had every document after ${replicatedAt === null ? '(not seen)' : `${((replicatedAt - connectedAt) / 1000).toFixed(1)} s`}`);
    const serverCpu = processCpu(server.pid) - serverCpuBefore;
    const pageCpu = await pageTimes(cdp);
    if (stopProfile) await saveProfile();
    log(`${label}: during the first sync the server used ${serverCpu.toFixed(1)} s of CPU, the library page ${pageCpu.task.toFixed(1)} s busy (${pageCpu.script.toFixed(1)} s in script)`);
    const shown = await library.evaluate(() => window.__indicator);
    const statuses = await library.evaluate(() => window.__statuses);
    notes.statuses = statuses.length > 12 ? [...statuses.slice(0, 6), `… ${statuses.length} in all …`, ...statuses.slice(-5)] : statuses;
    log(`${label}: sync statuses written: ${notes.statuses.join(' | ')}`);
    const progress = shown.filter((t) => /syncing, [\d,]+ of [\d,]+/.test(t));
    // When the progress first said every document had come ("syncing, N of N"), beside when the replica had them:
    // a progress that runs ahead of the documents says so here.
    const shownAt = await library.evaluate(() => window.__indicatorAt);
    const fullIndex = shown.findIndex((t) => /syncing, ([\d,]+) of \1(?![\d,])/.test(t));
    const progressFullAfter = fullIndex < 0 ? null : (shownAt[fullIndex] - connectedAt) / 1000;
    notes.firstSync.progressFullAfter = progressFullAfter;
    notes.indicator = shown.length > 12 ? [...shown.slice(0, 6), `… ${shown.length} texts in all …`, ...shown.slice(-5)] : shown;
    log(`${label}: first sync done in ${firstSync.toFixed(1)} s; progress shown ${progress.length} times; the indicator said: ${notes.indicator.join(' | ')}`);
    figures.push(figure(`${label}: first sync of a fresh profile, connect to every clipping in the library`, 's', firstSync, { max: 60 }));
    figures.push(figure(`${label}: first sync, "syncing, X of Y" updates shown`, 'updates', progress.length));
    // Read side by side: the replica's time is polled (every POLL_MS), the progress's is the moment it showed.
    if (replicatedAt !== null) figures.push(figure(`${label}: first sync, the local replica had every document`, 's', (replicatedAt - connectedAt) / 1000));
    if (progressFullAfter !== null) figures.push(figure(`${label}: first sync, the progress first said every document had come`, 's', progressFullAfter));
    figures.push(figure(`${label}: first sync, server CPU time`, 's', serverCpu));
    figures.push(figure(`${label}: first sync, library page's main thread busy`, 's', pageCpu.task));
    // The library page's long tasks from Connect to the end of the first sync: how long it could not answer a press.
    const timed = await library.evaluate(() => window.__longTasks);
    if (timed) {
      const longTasks = timed.filter(([at]) => at >= connectedAt).map(([, ms]) => ms);
      notes.firstSync.longTasks = { count: longTasks.length, over200: longTasks.filter((ms) => ms > 200).length, longest: Math.max(0, ...longTasks) };
      log(`${label}: the library page's long tasks during the first sync: ${longTasks.length}, ${notes.firstSync.longTasks.over200} over 200 ms, the longest ${notes.firstSync.longTasks.longest.toFixed(0)} ms`);
      figures.push(figure(`${label}: first sync, library page's longest task`, 'ms', notes.firstSync.longTasks.longest));
      figures.push(figure(`${label}: first sync, library page's tasks over 200 ms`, 'count', notes.firstSync.longTasks.over200));
    } else {
      const why = 'not measured: no long task timing in this browser';
      figures.push(notMeasured(`${label}: first sync, library page's longest task`, 'ms', null, why), notMeasured(`${label}: first sync, library page's tasks over 200 ms`, 'count', null, why));
    }
    // The annotations too, before the live phase starts.
    const settleStart = Date.now();
    while (Date.now() - settleStart < SETTLE_MS) {
      const counts = await library.evaluate(libraryCounts, m.OWNER);
      if (Object.values(counts.annotations).reduce((a, b) => a + b, 0) >= seededAnnotations) break;
      await new Promise((r) => setTimeout(r, 250));
    }

    // Live changes: each writer one annotation of their own a second, on a random clipping.
    await library.evaluate(installChangeWatch);
    log(`${label}: ${writers} writers, one change a second each, for ${seconds} s`);
    const themeMap = new Map(m.DEFAULT_THEME_IDS.map((id) => [id, { name: null, builtIn: 1 }]));
    let rnd = 12345;
    const random = () => ((rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0) / 4294967296);
    const liveStart = Date.now() + 500;
    const writeErrors = [];
    const answered = [];
    let written = 0;
    const client = async (member, k) => {
      const changed = new Set();
      for (let seq = 0; seq < seconds; seq++) {
        const due = liveStart + seq * 1000 + Math.floor((k * 1000) / writers);
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        // A post this writer has not changed yet in this phase, so that no change hides an earlier one.
        let postId;
        do postId = postIdOf(Math.floor(random() * n));
        while (changed.has(postId) && changed.size < n);
        changed.add(postId);
        const note = `live ${member.user} ${seq}`;
        const record = m.patchedAnnotation(m.newAnnotation(postId, m.OWNER, Date.now()), { verdict: seq % 2 ? 'do' : 'dont', note }, Date.now());
        const doc = m.annotationDocOf(record, member.user, member, themeMap);
        const rev = revs.get(doc._id);
        const sentAt = Date.now();
        try {
          const answer = await couch(`${server.url}/${TEAM}/${encodeURIComponent(doc._id)}`, basic(member.user, member.password), { method: 'PUT', body: JSON.stringify(rev ? { ...doc, _rev: rev } : doc) });
          revs.set(doc._id, answer.rev);
          answered.push((Date.now() - sentAt) / 1000);
          written++;
          await library.evaluate((c) => window.__changes.pending.push(c), { postId, contributorId: m.contributorIdOf(member), note, sentAt });
        } catch (e) {
          writeErrors.push(String(e).slice(0, 200));
        }
      }
    };
    const stopLive = profileLive ? await startProfile(cdp) : null;
    await Promise.all(members.map(client));
    log(`${label}: ${written} changes written (${writeErrors.length} refused); waiting for the library to show them`);
    const waitStart = Date.now();
    while (Date.now() - waitStart < SETTLE_MS && (await library.evaluate(() => window.__changes.pending.length)) > 0) await new Promise((r) => setTimeout(r, 200));
    const { seen, pending } = await library.evaluate(() => ({ seen: window.__changes.seen, pending: window.__changes.pending.length }));
    if (stopLive) {
      const summary = await stopLive(profileLive);
      log(`${label}: CPU profile of the live changes in ${profileLive}; by script: ${summary.scripts.map((x) => `${x.name.split('/').pop()} ${(x.ms / 1000).toFixed(1)} s`).join(', ')}`);
    }
    const delays = seen.map((s) => s.delay / 1000);
    // A change never seen counts at the time waited for it, so that the percentiles cannot hide it.
    const waited = (Date.now() - liveStart) / 1000;
    const all = [...delays, ...Array.from({ length: pending }, () => waited)];
    notes.changes = { written, refused: writeErrors.slice(0, 5), seen: seen.length, notSeen: pending };
    if (all.length === 0) throw new Error(`${label}: no change was written (${writeErrors[0] ?? 'no error'})`);
    figures.push(figure(`${label}, ${writers} writers: a change seen by another open library (median)`, 's', median(all), { max: 2 }));
    figures.push(figure(`${label}, ${writers} writers: a change seen by another open library (p95)`, 's', quantile(all, 0.95), { max: 5 }));
    figures.push(figure(`${label}, ${writers} writers: a writer's change answered by the server (median)`, 's', median(answered)));
    figures.push(figure(`${label}, ${writers} writers: changes written and not seen in the library`, 'changes', pending + writeErrors.length, { maxOrEqual: 0 }));
    log(`${label}: median ${median(all).toFixed(2)} s, p95 ${quantile(all, 0.95).toFixed(2)} s, ${pending} not seen`);

    // Nothing lost: both sides counted once the library has caught up (or the wait is over).
    const onServer = await serverCounts(server.url);
    const display = Object.fromEntries(members.map((x) => [x.user, x.name]));
    const differences = (inLibrary) =>
      Math.abs(onServer.clippings - inLibrary.clippings) +
      [...new Set([...Object.keys(onServer.annotations).map((u) => display[u] ?? u), ...Object.keys(inLibrary.annotations)])].reduce(
        (sum, name) => sum + Math.abs((Object.entries(onServer.annotations).find(([u]) => (display[u] ?? u) === name)?.[1] ?? 0) - (inLibrary.annotations[name] ?? 0)),
        0,
      );
    let inLibrary = await library.evaluate(libraryCounts, m.OWNER);
    const countStart = Date.now();
    while (differences(inLibrary) > 0 && Date.now() - countStart < SETTLE_MS) {
      await new Promise((r) => setTimeout(r, 500));
      inLibrary = await library.evaluate(libraryCounts, m.OWNER);
    }
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    notes.counts = { server: onServer, library: inLibrary };
    figures.push(figure(`${label}: clippings on the server`, 'clippings', onServer.clippings));
    figures.push(figure(`${label}: clippings in the library`, 'clippings', inLibrary.clippings));
    figures.push(figure(`${label}: annotations on the server`, 'annotations', sum(onServer.annotations)));
    figures.push(figure(`${label}: annotations in the library (teammates')`, 'annotations', sum(inLibrary.annotations)));
    figures.push(figure(`${label}: documents differing between server and library (clippings, annotations by contributor)`, 'documents', differences(inLibrary), { maxOrEqual: 0 }));

    // Memory at the end: the server process, and the library page's JS heap.
    const memory = processMemory(server.pid);
    const { heap } = await pageTimes(cdp);
    await cdp.detach();
    figures.push(figure(`${label}: server memory at the end (RSS)`, 'MB', memory.rss));
    figures.push(figure(`${label}: server memory, peak (RSS)`, 'MB', memory.peak));
    figures.push(figure(`${label}: library page JS heap at the end`, 'MB', heap / 1024 / 1024));
    log(`${label}: server RSS ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB), library heap ${(heap / 1024 / 1024).toFixed(0)} MB`);
    return { figures, notes };
  } finally {
    await browser?.close();
    await server.stop();
    if (build) rmSync(build, { recursive: true, force: true });
  }
}

// Run alone, at a chosen size, after `npx wxt build`:
//   node scripts/bench/team.mjs --clippings=10000 [--writers=5] [--seconds=5] [--profile=FILE] [--profile-after=S] [--profile-live=FILE] [--out=FILE] [--extension=DIR]
// prints the figures, and writes them with the notes to --out (JSON) when given. --extension runs a
// copy of a Chromium build kept elsewhere (.output/chrome-mv3 by default), so that builds can alternate.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const started = Date.now();
  const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const profileFile = arg('profile', undefined);
  const result = await teamBench({
    clippings: Number(arg('clippings', '10000')),
    writers: Number(arg('writers', '5')),
    seconds: Number(arg('seconds', '5')),
    log,
    profile: profileFile ? resolve(profileFile) : undefined,
    profileAfter: Number(arg('profile-after', '0')),
    profileLive: arg('profile-live', undefined) ? resolve(arg('profile-live', '')) : undefined,
    extension: resolve(arg('extension', EXTENSION_DIR)),
  });
  // (bench.mjs's table is not imported here: bench.mjs imports this module, which is still running.)
  for (const f of result.figures) console.log(`${f.name}: ${typeof f.value === 'number' ? Number(f.value.toPrecision(4)) : f.value} ${f.unit}${f.goal ? ` (goal ${f.goal} ${f.met ? 'met' : 'MISSED'})` : ''}`);
  const out = arg('out', undefined);
  if (out) writeFileSync(out, `${JSON.stringify({ ran: new Date().toISOString(), ...result }, null, 2)}\n`);
}
