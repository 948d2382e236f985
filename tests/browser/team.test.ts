import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderTimelinePage, samplePosts, expectedButtons } from '../fixtures/x/posts.mjs';
import { type Session, buildGranting, launch, openX, readClippings, requireBrowser } from './harness';
import { addMember, createTeam, startTeamServer } from '../../scripts/team/testkit.mjs';
import { originPattern } from '@/utils/team/connect';

/**
 * The team library in real Chromium against the embedded CouchDB-protocol server, started here:
 * two profiles as two members of one team, a wrong password and a real user who is not a member,
 * a member offline, and a forged write refused by the server itself.
 */
const run = requireBrowser();
const ADMIN = { user: 'admin', password: 'admin-secret' };
const TEAM = 'lga-guide';

interface TeamServer {
  url: string;
  stop(): Promise<void>;
}

describe.runIf(run)('team library in Chromium', () => {
  let server: TeamServer;
  let dataDir: string;
  let build: string;
  let buildAnyPort: string;
  let ann: Session;
  let ben: Session;
  let annLibrary: Page;
  let benLibrary: Page;
  const page = async (s: Session, name: string) => {
    const p = await s.context.newPage();
    await p.goto(`chrome-extension://${s.extensionId}/${name}.html`);
    return p;
  };

  /** Fills Options' "Team library" and presses Connect. */
  async function connect(s: Session, user: string, password: string, name?: string): Promise<Page> {
    const options = await page(s, 'options');
    if (name) {
      await options.getByRole('textbox', { name: 'Your name' }).fill(name);
      await options.getByRole('textbox', { name: 'Organisation' }).fill(`${name} Council`);
      // The name is saved as typed, a moment later: wait until it is, as a user would see "Saved".
      await expect
        .poll(() => options.evaluate(async () => ((await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('settings')).settings as { organisation?: string } | undefined)?.organisation))
        .toBe(`${name} Council`);
    }
    const section = options.getByRole('region', { name: 'Team library' });
    await section.getByRole('textbox', { name: 'Server address' }).fill(server.url);
    await section.getByRole('textbox', { name: 'Team name' }).fill(TEAM);
    await section.getByRole('textbox', { name: 'User name' }).fill(user);
    await section.getByLabel('Password').fill(password);
    await section.getByRole('button', { name: 'Connect' }).click();
    return options;
  }

  beforeAll(async () => {
    dataDir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'lga-team-data-'));
    server = await startTeamServer({ admin: ADMIN, dataDir });
    await createTeam(server.url, ADMIN, TEAM);
    await addMember(server.url, ADMIN, TEAM, 'ann', 'ann-password');
    await addMember(server.url, ADMIN, TEAM, 'ben', 'ben-password');
    // A real user of the server, a member of another team only.
    await createTeam(server.url, ADMIN, 'other-team');
    await addMember(server.url, ADMIN, 'other-team', 'eve', 'eve-password');
    // A run from outside may grant the server with its port or without one (any port): Connect must
    // find it granted either way, or the permission prompt (which headless Chromium cannot answer)
    // would never settle. The two members' build grants it with the port, the third profile's without.
    build = buildGranting([originPattern(server.url, true)]);
    buildAnyPort = buildGranting([originPattern(server.url, false)]);
    ann = await launch({ extensionDir: build });
    ben = await launch({ extensionDir: build });
  }, 120_000);

  afterAll(async () => {
    await ann?.close();
    await ben?.close();
    await server?.stop();
    if (build) rmSync(build, { recursive: true, force: true });
    if (buildAnyPort) rmSync(buildAnyPort, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects two members, each told they are connected', async () => {
    for (const [s, user, name] of [
      [ann, 'ann', 'Ann Example'],
      [ben, 'ben', 'Ben Officer'],
    ] as const) {
      const options = await connect(s, user, `${user}-password`, name);
      const status = options.getByRole('region', { name: 'Team library' }).getByRole('status').filter({ hasText: 'Connected' });
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`Connected to team ${TEAM} as ${user}.`);
      await expect(options.getByRole('button', { name: 'Leave team' }).isVisible()).resolves.toBe(true);
      await options.close();
    }
  }, 60_000);

  it("shows a clip made by one member in the other's open library within 5 seconds", async () => {
    benLibrary = await page(ben, 'library');
    await benLibrary.getByText('Team library:').waitFor();
    const id = expectedButtons[0]!;
    const x = await openX(ann, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.locator(`[data-lga-post="${id}"] button.lga-btn`).click();
    await x.waitForSelector(`[data-lga-post="${id}"][data-state="saved"]`);
    const clippedAt = Date.now();
    await benLibrary.locator(`article[data-post-id="${id}"]`).waitFor({ timeout: 5_000 });
    expect(Date.now() - clippedAt).toBeLessThan(5_000);
    await x.close();
  }, 60_000);

  it("shows the second member's Don't and lesson beside the first member's own verdict, which stays", async () => {
    const id = expectedButtons[0]!;
    annLibrary = await page(ann, 'library');
    const annCard = annLibrary.locator(`article[data-post-id="${id}"]`);
    await annCard.getByRole('radio', { name: 'Do', exact: true }).click();
    const benCard = benLibrary.locator(`article[data-post-id="${id}"]`);
    await benCard.getByRole('radio', { name: "Don't" }).click();
    await benCard.getByRole('textbox', { name: 'Lesson' }).fill('Say which roads, not just "some roads"');
    await benCard.getByRole('textbox', { name: 'Lesson' }).blur();
    await expect.poll(() => annCard.textContent(), { timeout: 10_000 }).toContain('Say which roads, not just "some roads"');
    expect(await annCard.textContent()).toContain('Ben Officer');
    expect(await annCard.getByRole('radio', { name: 'Do', exact: true }).isChecked()).toBe(true);
    // And the first member's verdict reaches the second, beside theirs.
    await expect.poll(() => benCard.textContent(), { timeout: 10_000 }).toContain('Ann Example');
    expect(await benCard.getByRole('radio', { name: "Don't" }).isChecked()).toBe(true);
  }, 60_000);

  it('refuses a wrong password and a user who is not a member, with an alert, and shows them nothing', async () => {
    const carl = await launch({ extensionDir: buildAnyPort });
    try {
      const wrong = await connect(carl, 'ann', 'not-the-password');
      await expect.poll(() => wrong.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('The user name or password is wrong');
      const eve = await connect(carl, 'eve', 'eve-password');
      await expect.poll(() => eve.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('You are not a member of this team');
      expect(await eve.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
      expect(await readClippings(carl)).toEqual([]);
    } finally {
      await carl.close();
    }
  }, 60_000);

  it('refuses a forged write over HTTP: a member cannot write another member\'s annotation', async () => {
    const id = expectedButtons[0]!;
    const auth = `Basic ${Buffer.from('ben:ben-password').toString('base64')}`;
    const url = `${server.url}/${TEAM}/${encodeURIComponent(`annotation:ann:${id}`)}`;
    const current = (await (await fetch(url, { headers: { Authorization: auth } })).json()) as Record<string, unknown>;
    expect(current.owner).toBe('ann');
    const forged = await fetch(url, {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...current, annotation: { ...(current.annotation as object), verdict: 'dont' } }),
    });
    expect(forged.status).toBe(403);
    const after = (await (await fetch(url, { headers: { Authorization: auth } })).json()) as { annotation: { verdict: string } };
    expect(after.annotation.verdict).toBe('do');
  }, 30_000);

  it('keeps three annotations made offline and sends them when the server is back', async () => {
    // Ann clips three more posts; Ben's library receives them.
    const ids = expectedButtons.slice(1, 4);
    const x = await openX(ann, '/home', renderTimelinePage(Object.values(samplePosts)));
    for (const id of ids) {
      await x.locator(`[data-lga-post="${id}"] button.lga-btn`).click();
      await x.waitForSelector(`[data-lga-post="${id}"][data-state="saved"]`);
    }
    await x.close();
    for (const id of ids) await benLibrary.locator(`article[data-post-id="${id}"]`).waitFor({ timeout: 10_000 });
    const port = Number(new URL(server.url).port);
    await server.stop();
    for (const id of ids) await benLibrary.locator(`article[data-post-id="${id}"]`).getByRole('radio', { name: "Don't" }).click();
    await expect.poll(() => benLibrary.getByText('Team library:').textContent(), { timeout: 30_000 }).toMatch(/offline.*3 changes waiting/);
    server = await startTeamServer({ admin: ADMIN, dataDir, port });
    await expect.poll(() => benLibrary.getByText('Team library:').textContent(), { timeout: 30_000 }).not.toContain('offline');
    for (const id of ids) {
      const card = annLibrary.locator(`article[data-post-id="${id}"]`);
      await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('Ben Officer');
    }
    await expect.poll(() => benLibrary.getByText('Team library:').textContent(), { timeout: 30_000 }).toContain('synced');
  }, 120_000);

  it('says when browser storage is full, loses nothing, and carries on by itself once there is room', async () => {
    // The browser's own quota for the extension's origin, cut to what it uses now: every write from here fails as on
    // a full disk, and Chromium then closes the origin's database connections (PouchDB's must be opened again).
    const cdp = await ben.context.newCDPSession(benLibrary);
    const origin = `chrome-extension://${ben.extensionId}`;
    const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: Math.floor(usage) });
    // IndexedDB checks a write against the quota it read at most 30 seconds before (Chromium caches it).
    await new Promise((r) => setTimeout(r, 32_000));
    const id = expectedButtons[5]!;
    try {
      const x = await openX(ann, '/home', renderTimelinePage(Object.values(samplePosts)));
      await x.locator(`[data-lga-post="${id}"] button.lga-btn`).click();
      await x.waitForSelector(`[data-lga-post="${id}"][data-state="saved"]`);
      await x.close();
      await expect.poll(() => benLibrary.getByText('Team library:').textContent(), { timeout: 30_000 }).toContain('browser storage is full');
      expect(await benLibrary.getByText('Team library:').textContent()).not.toContain('offline');
      expect(await benLibrary.locator(`article[data-post-id="${id}"]`).count()).toBe(0);
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    }
    // Room again: nothing more is asked of the member, and the clipping that could not be kept arrives.
    await benLibrary.locator(`article[data-post-id="${id}"]`).waitFor({ timeout: 45_000 });
    await expect.poll(() => benLibrary.getByText('Team library:').textContent(), { timeout: 30_000 }).toContain('synced');
    await cdp.detach();
  }, 150_000);

  it("syncs from one of a member's open pages at a time: Options waits while the library syncs, then takes over", async () => {
    type LockInfo = { held: Array<{ name?: string }>; pending: Array<{ name?: string }> };
    const pulls = async (p: Page) =>
      p.evaluate(async () => {
        const state = (await (navigator as unknown as { locks: { query(): Promise<LockInfo> } }).locks.query()) as LockInfo;
        const named = (list: Array<{ name?: string }>) => list.filter((l) => l.name === 'lga-team-pull').length;
        return { held: named(state.held), pending: named(state.pending) };
      });
    const options = await page(ben, 'options');
    // The library holds the pull; Options' live sync waits for it.
    await expect.poll(() => pulls(options), { timeout: 10_000 }).toEqual({ held: 1, pending: 1 });
    await benLibrary.close();
    await expect.poll(() => pulls(options), { timeout: 10_000 }).toEqual({ held: 1, pending: 0 });
    // Options now syncs: a clip by the other member reaches this member's library with no library open.
    const id = expectedButtons[4]!;
    const x = await openX(ann, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.locator(`[data-lga-post="${id}"] button.lga-btn`).click();
    await x.waitForSelector(`[data-lga-post="${id}"][data-state="saved"]`);
    await x.close();
    await expect.poll(async () => (await readClippings(ben)).some((c) => c.postId === id), { timeout: 15_000 }).toBe(true);
    await options.close();
  }, 60_000);
});
