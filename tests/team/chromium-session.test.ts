// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTeam, startTeamServer } from '../../scripts/team/testkit.mjs';
import { annotationId, clippingId } from '../../utils/team/docs';
import { requireBrowserAndBuild } from '../required';

// What an extension's page and worker meet when they use the team server's cookie session from Chromium: a
// throwaway extension (not the product) calls the embedded server from its chrome-extension:// origin.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const admin = { user: 'root', password: 'root-pw' };
const dir = mkdtempSync(join(tmpdir(), 'lga-team-ext-'));

function writeExtension(name: string, hostPermission: boolean): string {
  const extension = join(dir, name);
  mkdirSync(extension);
  const manifest = { manifest_version: 3, name, version: '1.0', background: { service_worker: 'sw.js' }, ...(hostPermission ? { host_permissions: ['http://127.0.0.1/*'] } : {}) };
  writeFileSync(join(extension, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(extension, 'sw.js'), "self.addEventListener('install', () => {});");
  writeFileSync(join(extension, 'page.html'), '<!doctype html><title>team</title>');
  return extension;
}
const withPermission = writeExtension('with-host-permission', true);
const withoutPermission = writeExtension('without-host-permission', false);
const run = requireBrowserAndBuild({
  tests: 'Team session tests in Chromium',
  executable: CHROMIUM,
  install: 'apt-get install -y chromium',
  extensionDir: withPermission,
  build: 'written by the test',
});

let server: Awaited<ReturnType<typeof startTeamServer>>;

async function open(extension: string): Promise<{ context: BrowserContext; worker: Worker; origin: string }> {
  const context = await chromium.launchPersistentContext(join(dir, `profile-${extension.split('/').pop()}`), {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: extensions need the new headless mode
    args: ['--headless=new', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  // Node gives non-web schemes an opaque origin, so the origin is built from the host (the extension id).
  return { context, worker, origin: `chrome-extension://${new URL(worker.url()).host}` };
}

/** Logs in at _session from an extension page, then reads and writes with the cookie alone. */
async function sessionFromPage(context: BrowserContext, origin: string) {
  const page = await context.newPage();
  await page.goto(`${origin}/page.html`);
  return page.evaluate(
    async ({ url, own, forged, clipping }) => {
      const json = { 'content-type': 'application/json' };
      const login = await fetch(`${url}/_session`, { method: 'POST', credentials: 'include', headers: json, body: JSON.stringify({ name: 'ann', password: 'ann-pw' }) });
      const loginBody = (await login.json()) as { ok?: boolean };
      const who = (await (await fetch(`${url}/_session`, { credentials: 'include' })).json()) as { userCtx: { name: string | null } };
      const read = await fetch(`${url}/lga/${clipping}`, { credentials: 'include' });
      const put = (id: string, owner: string) =>
        fetch(`${url}/lga/${id}`, { method: 'PUT', credentials: 'include', headers: json, body: JSON.stringify({ type: 'annotation', owner, postId: '1' }) });
      return { login: login.status, loginOk: loginBody.ok, name: who.userCtx.name, read: read.status, own: (await put(own, 'ann')).status, forged: (await put(forged, 'bob')).status };
    },
    { url: server.url, own: annotationId('ann', '1'), forged: annotationId('bob', '1'), clipping: clippingId('1') },
  );
}

describe.runIf(run)('the cookie session from a Chromium extension', () => {
  beforeAll(async () => {
    server = await startTeamServer({ admin });
    await createTeam(server.url, admin, 'lga');
    await addMember(server.url, admin, 'lga', 'ann', 'ann-pw');
    await addMember(server.url, admin, 'lga', 'bob', 'bob-pw');
    const put = await fetch(`${server.url}/lga/${clippingId('1')}`, {
      method: 'PUT',
      headers: { authorization: 'Basic ' + Buffer.from('ann:ann-pw').toString('base64'), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'clipping', postId: '1', contributor: 'ann' }),
    });
    expect(put.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with host permission for the server: the page logs in, reads and writes with the cookie, and the worker shares it', async () => {
    const { context, worker, origin } = await open(withPermission);
    try {
      expect(await sessionFromPage(context, origin)).toEqual({ login: 200, loginOk: true, name: 'ann', read: 200, own: 201, forged: 403 });
      const fromWorker = await worker.evaluate(async (url) => ((await (await fetch(`${url}/_session`, { credentials: 'include' })).json()) as { userCtx: { name: string | null } }).userCtx.name, server.url);
      expect(fromWorker).toBe('ann');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('without host permission: CORS lets the page read the answers, but Chromium does not send the session cookie back', async () => {
    const { context, origin } = await open(withoutPermission);
    try {
      // Readable at all only because the server answers CORS for the extension's origin with credentials.
      expect(await sessionFromPage(context, origin)).toEqual({ login: 200, loginOk: true, name: null, read: 401, own: 401, forged: 401 });
    } finally {
      await context.close();
    }
  }, 60_000);
});
