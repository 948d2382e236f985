import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTimelinePage, samplePosts, expectedButtons } from '../fixtures/x/posts.mjs';
import { makeSnapshot } from '../unit/snapshots';
import { annotationDocId, checkTeamDoc, clippingDocId, type AnnotationDoc, type ClippingDoc } from '@/utils/team/team-docs';
import { answerPermissionPrompt, host, launch, openExtensionPage, openX, requireFirefox, type ExtensionTab, type Session } from './harness';
import { addMember, createTeam, startTeamServer } from '../../scripts/team/testkit.mjs';

/**
 * The team library in Debian's firefox-esr (the MV2 build) against the embedded CouchDB-protocol
 * server, started here: a member connects through Options' form, a teammate's documents written on
 * the server appear in the Firefox library, and a clip and a verdict made in Firefox reach the server.
 */
const run = requireFirefox();
const ADMIN = { user: 'admin', password: 'admin-secret' };
const TEAM = 'lga-guide';
/** A post only the teammate (ben) has clipped. */
const BEN_POST = '1846299999999999001';
const BEN_LESSON = 'Name the roads that are gritted';

describe.runIf(run)('team library in Firefox', () => {
  let server: { url: string; stop(): Promise<void> };
  let dataDir: string;
  let session: Session;
  let library: ExtensionTab;

  /** A document as the server holds it, read as the admin; null when it is not there. */
  async function serverDoc(id: string): Promise<Record<string, any> | null> {
    const res = await fetch(`${server.url}/${TEAM}/${encodeURIComponent(id)}`, { headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` } });
    return res.ok ? ((await res.json()) as Record<string, any>) : null;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lga-team-data-'));
    server = await startTeamServer({ admin: ADMIN, dataDir });
    await createTeam(server.url, ADMIN, TEAM);
    await addMember(server.url, ADMIN, TEAM, 'ann', 'ann-password');
    await addMember(server.url, ADMIN, TEAM, 'ben', 'ben-password');
    session = await launch();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects a member through Options, who is told they are connected', async () => {
    const options = await openExtensionPage(session, 'options');
    // The library shows cards (verdict radios on each), as in the Chromium tests.
    await options.evaluate(() => localStorage.setItem('lga-library-view', 'cards'));
    /** Types into the fields with these labels, as a user does (an input event each). */
    const fill = (fields: Array<[string, string]>) =>
      options.waitFor((fields: Array<[string, string]>) => {
        const labels = [...document.querySelectorAll('label')];
        const inputs = fields.map(([label]) => labels.find((l) => l.textContent?.trim() === label)?.control as HTMLInputElement | undefined);
        if (inputs.some((i) => !i)) return false;
        fields.forEach(([, value], i) => {
          inputs[i]!.value = value;
          inputs[i]!.dispatchEvent(new Event('input', { bubbles: true }));
        });
        return true;
      }, fields);
    // Each is saved as typed, a moment later: the next is typed once it is.
    for (const [label, key, value] of [
      ['Your name', 'contributorName', 'Ann Example'],
      ['Organisation', 'organisation', 'Ann Example Council'],
    ] as const) {
      await fill([[label, value]]);
      await options.waitFor(
        async (key, value) => {
          const { storage } = (globalThis as unknown as { browser: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } }).browser;
          return ((await storage.local.get('settings')).settings as Record<string, unknown> | undefined)?.[key] === value;
        },
        key,
        value,
      );
    }
    await fill([
      ['Server address', server.url],
      ['Team name', TEAM],
      ['User name', 'ann'],
      ['Password', 'ann-password'],
    ]);
    expect(await options.evaluate(() => document.querySelector('section[aria-labelledby="team-heading"] form button[type="submit"]')?.textContent)).toBe('Connect');
    const connect = 'section[aria-labelledby="team-heading"] form button[type="submit"]';
    // Connect asks for the server's origin: Firefox shows its permission prompt. Refused, Options says so.
    await options.userClick(connect);
    expect(await answerPermissionPrompt(session, false)).toContain('127.0.0.1');
    expect(await options.waitFor(() => document.querySelector('section[aria-labelledby="team-heading"] [role="alert"]')?.textContent)).toContain(
      'The browser did not give permission to reach the server',
    );
    // Connect again, and the user allows it.
    await options.waitFor(() => document.querySelector('section[aria-labelledby="team-heading"] form button[type="submit"]')?.getAttribute('aria-disabled') === null);
    await options.userClick(connect);
    expect(await answerPermissionPrompt(session, true)).toContain('127.0.0.1');
    const status = await options.waitFor(() => {
      const section = document.querySelector('section[aria-labelledby="team-heading"]')!;
      return [...section.querySelectorAll('[role="status"]')].map((s) => s.textContent ?? '').find((t) => t.includes('Connected')) ?? null;
    });
    expect(status).toContain(`Connected to team ${TEAM} as ann.`);
    await options.close();
  });

  it("shows a teammate's clipping and annotation, written on the server, in the open library", async () => {
    library = await openExtensionPage(session, 'library');
    await library.waitFor(() => document.body.textContent?.includes('Team library:'));
    const now = new Date().toISOString();
    const clipping: ClippingDoc = {
      _id: clippingDocId(BEN_POST),
      type: 'clipping',
      postId: BEN_POST,
      contributor: 'ben',
      snapshot: makeSnapshot({ postId: BEN_POST, text: 'Gritters are out on every A road tonight #lgadigital' }),
      clippedAt: now,
      captures: [],
    };
    const annotation: AnnotationDoc = {
      _id: annotationDocId('ben', BEN_POST),
      type: 'annotation',
      owner: 'ben',
      postId: BEN_POST,
      annotation: { contributor: { name: 'Ben Officer', organisation: 'Ben Borough Council' }, verdict: 'do', kind: null, themes: [], lesson: BEN_LESSON, note: '', authorType: 'notSet', permission: 'notAsked', updatedAt: now },
      themes: [],
    };
    // The shapes the extension itself writes and accepts.
    expect(checkTeamDoc(clipping).ok).toBe(true);
    expect(checkTeamDoc(annotation).ok).toBe(true);
    const auth = `Basic ${Buffer.from('ben:ben-password').toString('base64')}`;
    const res = await fetch(`${server.url}/${TEAM}/_bulk_docs`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ docs: [clipping, annotation] }) });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Array<{ ok?: boolean }>).map((r) => r.ok)).toEqual([true, true]);

    const card = await library.waitFor((id) => document.querySelector(`article[data-post-id="${id}"]`)?.textContent, BEN_POST);
    expect(card).toContain('Gritters are out on every A road tonight');
    expect(await library.waitFor((id, lesson) => (document.querySelector(`article[data-post-id="${id}"]`)?.textContent?.includes(lesson) ? document.querySelector(`article[data-post-id="${id}"]`)!.textContent : null), BEN_POST, BEN_LESSON)).toContain(
      'Ben Officer',
    );
  });

  it('sends a clip made in Firefox to the server from the background page, and a verdict from the library', async () => {
    const id = expectedButtons[0]!;
    // No extension page open: only the MV2 background page syncs (shortly after each clip).
    await library.close();
    const x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
    await x.waitForSelector(`${host(id)}[data-state="unsaved"]`);
    await x.click(`${host(id)} button.lga-btn`);
    await x.waitForSelector(`${host(id)}[data-state="saved"]`);
    await expect.poll(() => serverDoc(clippingDocId(id)), { timeout: 20_000 }).toMatchObject({ type: 'clipping', postId: id, contributor: 'ann' });
    await x.close();

    library = await openExtensionPage(session, 'library');
    await library.waitFor((id) => document.querySelector(`article[data-post-id="${id}"] input[type="radio"]`), id);
    await library.evaluate((id) => {
      const card = document.querySelector(`article[data-post-id="${id}"]`)!;
      ([...card.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.labels?.[0]?.textContent?.trim() === "Don't") as HTMLInputElement).click();
    }, id);
    await expect
      .poll(() => serverDoc(annotationDocId('ann', id)), { timeout: 20_000 })
      .toMatchObject({ type: 'annotation', owner: 'ann', postId: id, annotation: { verdict: 'dont', contributor: { name: 'Ann Example', organisation: 'Ann Example Council' } } });
    await library.close();
  });
});
