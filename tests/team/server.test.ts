// @vitest-environment node
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTeam, runTeamCommand, SERVER_SCRIPT, startTeamServer } from '../../scripts/team/testkit.mjs';
import { annotationId, clippingId } from '../../utils/team/docs';
import { PouchDB } from './pouch';

// The embedded team server started by the test through the real commands, checked through CouchDB's HTTP API
// and a PouchDB client replicating to it.
const admin = { user: 'root', password: 'root-pw' };
const team = 'lga';
const extension = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
let server: Awaited<ReturnType<typeof startTeamServer>>;

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const ANN = basic('ann', 'ann-pw');

async function call(method: string, path: string, opts: { auth?: string; cookie?: string; origin?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.auth) headers.authorization = opts.auth;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (an empty preflight answer)
  }
  return { status: res.status, json, headers: res.headers };
}

const annotation = (owner: string, postId: string, extra: object = {}) => ({ _id: annotationId(owner, postId), type: 'annotation', owner, postId, ...extra });
const clipping = (postId: string, contributor: string, extra: object = {}) => ({ _id: clippingId(postId), type: 'clipping', postId, contributor, ...extra });

beforeAll(async () => {
  server = await startTeamServer({ admin });
  await createTeam(server.url, admin, team);
  await addMember(server.url, admin, team, 'ann', 'ann-pw');
  await addMember(server.url, admin, team, 'bob', 'bob-pw');
  // eve is a real user of the server, a member of another team only.
  await createTeam(server.url, admin, 'other');
  await addMember(server.url, admin, 'other', 'eve', 'eve-pw');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the team server enforces members and owners', () => {
  it("accepts a member's own annotation and clipping", async () => {
    expect((await call('PUT', `/${team}/${annotationId('ann', '1')}`, { auth: ANN, body: annotation('ann', '1', { verdict: 'do' }) })).status).toBe(201);
    expect((await call('PUT', `/${team}/${clippingId('1')}`, { auth: ANN, body: clipping('1', 'ann') })).status).toBe(201);
  });

  it("refuses an annotation written under another member's name, by id or by owner", async () => {
    const byId = await call('PUT', `/${team}/${annotationId('bob', '1')}`, { auth: ANN, body: annotation('bob', '1') });
    expect(byId.status).toBe(403);
    expect(byId.json).toMatchObject({ error: 'forbidden' });
    const byOwner = await call('PUT', `/${team}/${annotationId('ann', '2')}`, { auth: ANN, body: annotation('ann', '2', { owner: 'bob' }) });
    expect(byOwner.status).toBe(403);
    expect((await call('GET', `/${team}/${annotationId('bob', '1')}`, { auth: ANN })).status).toBe(404);
  });

  it('refuses a user who is not a member, and anyone not logged in', async () => {
    const eve = basic('eve', 'eve-pw');
    expect((await call('GET', `/other`, { auth: eve })).status).toBe(200);
    expect([401, 403]).toContain((await call('GET', `/${team}`, { auth: eve })).status);
    expect([401, 403]).toContain((await call('GET', `/${team}/${clippingId('1')}`, { auth: eve })).status);
    expect([401, 403]).toContain((await call('PUT', `/${team}/${annotationId('eve', '1')}`, { auth: eve, body: annotation('eve', '1') })).status);
    expect((await call('GET', `/${team}/${clippingId('1')}`)).status).toBe(401);
    // A batch write (what replication sends) by a non-member writes nothing either.
    const batch = await call('POST', `/${team}/_bulk_docs`, { auth: eve, body: { docs: [clipping('66', 'eve'), annotation('eve', '66')] } });
    if (batch.status < 400) expect(batch.json).toEqual([expect.objectContaining({ error: expect.any(String) }), expect.objectContaining({ error: expect.any(String) })]);
    else expect([401, 403]).toContain(batch.status);
    expect((await call('GET', `/${team}/${clippingId('66')}`, { auth: ANN })).status).toBe(404);
  });

  it('refuses a wrong password with 401, at _session and in basic authentication', async () => {
    const session = await call('POST', '/_session', { body: { name: 'ann', password: 'wrong' } });
    expect(session.status).toBe(401);
    expect(session.headers.get('set-cookie')).toBeNull();
    expect((await call('GET', `/${team}`, { auth: basic('ann', 'wrong') })).status).toBe(401);
  });
});

describe('cookie sessions', () => {
  it('log in at _session, then read and write with the AuthSession cookie alone, then log out', async () => {
    const login = await call('POST', '/_session', { body: { name: 'bob', password: 'bob-pw' } });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ ok: true, name: 'bob' });
    const cookie = /AuthSession=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    expect(cookie).toBeDefined();
    const who = await call('GET', '/_session', { cookie });
    expect(who.json).toMatchObject({ userCtx: { name: 'bob' } });
    expect((await call('GET', `/${team}/${clippingId('1')}`, { cookie })).status).toBe(200);
    expect((await call('PUT', `/${team}/${annotationId('bob', '1')}`, { cookie, body: annotation('bob', '1', { verdict: 'dont' }) })).status).toBe(201);
    expect((await call('PUT', `/${team}/${annotationId('ann', '1')}`, { cookie, body: annotation('ann', '1') })).status).toBe(403);
    expect((await call('DELETE', '/_session', { cookie })).status).toBe(200);
    expect((await call('GET', `/${team}`, { cookie: 'AuthSession=forged' })).status).toBe(401);
  });
});

describe('replication to the server', () => {
  it('writes replicated updates (new_edits=false) and refuses a replicated forged annotation', async () => {
    const local = new PouchDB('ann-browser', { adapter: 'memory' });
    const remote = new PouchDB(`${server.url}/${team}`, { auth: { username: 'ann', password: 'ann-pw' }, skip_setup: true });
    const first = await local.put(clipping('7', 'ann', { text: 'first capture' }));
    await local.put(annotation('ann', '7', { verdict: 'do' }));
    const sent = await local.replicate.to(remote);
    expect(sent).toMatchObject({ docs_written: 2, doc_write_failures: 0 });

    // An update of a document the server already has: sent by _bulk_docs with new_edits=false.
    const second = await local.put(clipping('7', 'ann', { _rev: first.rev, text: 'fuller text' }));
    const ownAnnotation = await local.get(annotationId('ann', '7'));
    await local.put({ ...ownAnnotation, verdict: 'dont', lesson: 'Alt text missing' });
    const update = await local.replicate.to(remote);
    expect(update).toMatchObject({ docs_written: 2, doc_write_failures: 0 });
    const onServer = await call('GET', `/${team}/${clippingId('7')}`, { auth: ANN });
    expect(onServer.json).toMatchObject({ _rev: second.rev, text: 'fuller text' });
    expect((await call('GET', `/${team}/${annotationId('ann', '7')}`, { auth: ANN })).json).toMatchObject({ _rev: expect.stringMatching(/^2-/), verdict: 'dont' });

    await local.put(annotation('bob', '7', { verdict: 'do' }));
    const forged = await local.replicate.to(remote);
    expect(forged).toMatchObject({ docs_written: 0, doc_write_failures: 1 });
    expect((await call('GET', `/${team}/${annotationId('bob', '7')}`, { auth: ANN })).status).toBe(404);
    await local.destroy();
    await remote.close();
  });

  it("lets another member pull the team's documents, and no one else", async () => {
    const bobs = new PouchDB('bob-browser', { adapter: 'memory' });
    const asBob = new PouchDB(`${server.url}/${team}`, { auth: { username: 'bob', password: 'bob-pw' }, skip_setup: true });
    const pulled = await bobs.replicate.from(asBob);
    expect(pulled.doc_write_failures).toBe(0);
    expect(await bobs.get(clippingId('7'))).toMatchObject({ text: 'fuller text', contributor: 'ann' });
    expect(await bobs.get(annotationId('ann', '7'))).toMatchObject({ verdict: 'dont' });
    const eves = new PouchDB('eve-browser', { adapter: 'memory' });
    const asEve = new PouchDB(`${server.url}/${team}`, { auth: { username: 'eve', password: 'eve-pw' }, skip_setup: true });
    await expect(eves.replicate.from(asEve)).rejects.toMatchObject({ status: 401 });
    expect((await eves.allDocs()).rows).toEqual([]);
    for (const db of [bobs, eves]) await db.destroy();
    for (const db of [asBob, asEve]) await db.close();
  });
});

describe('CORS for the extension', () => {
  it("answers a preflight from the extension's origin with that origin and credentials", async () => {
    const pre = await call('OPTIONS', `/${team}/${annotationId('ann', '9')}`, {
      origin: extension,
      headers: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(extension);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('answers requests with credentials from the extension, and no CORS headers to a web page', async () => {
    const login = await call('POST', '/_session', { origin: extension, body: { name: 'ann', password: 'ann-pw' } });
    expect(login.headers.get('access-control-allow-origin')).toBe(extension);
    expect(login.headers.get('access-control-allow-credentials')).toBe('true');
    const cookie = /AuthSession=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    const read = await call('GET', `/${team}/${clippingId('1')}`, { origin: extension, cookie });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(extension);
    expect(read.headers.get('vary')).toContain('Origin');
    const web = await call('GET', `/${team}/${clippingId('1')}`, { origin: 'https://evil.example', cookie });
    expect(web.headers.get('access-control-allow-origin')).toBeNull();
    const webPre = await call('OPTIONS', `/${team}`, { origin: 'https://evil.example', headers: { 'access-control-request-method': 'PUT' } });
    expect(webPre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('team create --origin adds an origin to the CORS settings through /_node/_local/_config', async () => {
    const origin = 'https://guide.example.org';
    expect((await call('GET', `/${team}`, { origin })).headers.get('access-control-allow-origin')).toBeNull();
    const r = await createTeam(server.url, admin, team, { origin });
    expect(r.stdout).toContain(`CORS: ${origin} may call the server`);
    const cors = await call('GET', '/_node/_local/_config/cors', { auth: basic(admin.user, admin.password) });
    expect(cors.json).toMatchObject({ origins: origin });
    expect(String(cors.json.credentials)).toBe('true');
    expect((await call('GET', `/${team}`, { origin })).headers.get('access-control-allow-origin')).toBe(origin);
    const again = await runTeamCommand(['create', '--server', server.url, '--admin', 'root:root-pw', '--team', team]);
    expect(again.stdout).toContain(`CORS: allowed origins ${origin}, with credentials.`);
  });
});

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as { port: number };
  await new Promise((ok) => s.close(ok));
  return port;
}

describe('set-up commands: exit codes and messages', () => {
  const adminArg = 'root:root-pw';

  it('npm run team creates a team and adds a member, exit 0, and running them again is safe', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((ok) => {
        const child = spawn('npm', ['run', '--silent', 'team', '--', ...args], { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (b) => (stdout += b));
        child.on('close', (code) => ok({ code, stdout }));
      });
    const made = await run(['create', '--server', server.url, '--admin', adminArg, '--team', 'npmteam']);
    expect(made).toMatchObject({ code: 0 });
    expect(made.stdout).toContain('Team npmteam ready');
    const added = await run(['add-member', '--server', server.url, '--admin', adminArg, '--team', 'npmteam', '--user', 'ann', '--password', 'ann-pw']);
    expect(added).toMatchObject({ code: 0 });
    expect((await runTeamCommand(['create', '--server', server.url, '--admin', adminArg, '--team', 'npmteam'])).stdout).toContain('(1 members)');
    expect((await call('GET', '/npmteam', { auth: ANN })).status).toBe(200);
  });

  it('exits 1 with a clear message on a wrong admin password, an unknown team, a server not there and bad arguments', async () => {
    const wrong = await runTeamCommand(['create', '--server', server.url, '--admin', 'root:nope', '--team', 'x']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Wrong admin user name or password');
    const noTeam = await runTeamCommand(['add-member', '--server', server.url, '--admin', adminArg, '--team', 'absent', '--user', 'zed', '--password', 'z']);
    expect(noTeam.code).toBe(1);
    expect(noTeam.stderr).toContain('No team absent');
    expect((await call('GET', '/_users/org.couchdb.user:zed', { auth: basic(admin.user, admin.password) })).status).toBe(404);
    const away = await runTeamCommand(['create', '--server', `http://127.0.0.1:${await closedPort()}`, '--admin', adminArg, '--team', 'x']);
    expect(away.code).toBe(1);
    expect(away.stderr).toContain('Server unreachable');
    const plain = await runTeamCommand(['create', '--server', 'http://couch.example.org', '--admin', adminArg, '--team', 'x']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('https://');
    const usage = await runTeamCommand(['remove']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Usage');
    const origin = await runTeamCommand(['create', '--server', server.url, '--admin', adminArg, '--team', 'x', '--origin', 'http://evil.example']);
    expect(origin.code).toBe(1);
    expect(origin.stderr).toContain('--origin');
  });

  it('team-server exits 1 with a message when its port is taken or its arguments are wrong', async () => {
    await expect(startTeamServer({ admin, port: server.port })).rejects.toThrow(/exited 1 before listening: Could not start the team server/);
    const bad = await new Promise<{ code: number | null; stderr: string }>((ok) => {
      const child = spawn(process.execPath, [join(import.meta.dirname, '../../node_modules/jiti/lib/jiti-cli.mjs'), SERVER_SCRIPT, '--port', 'x', '--data', server.dataDir, '--admin', 'root:root-pw'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      child.on('close', (code) => ok({ code, stderr }));
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--port');
  });
});

describe('npm run team-server', () => {
  it('serves until npm is sent SIGTERM, then stops', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'lga-team-npm-'));
    const npm = spawn('npm', ['run', '--silent', 'team-server', '--', '--port', '0', '--data', dir, '--admin', 'root:root-pw'], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((ok) => {
        let out = '';
        npm.stdout.on('data', (b) => {
          out += b;
          const m = /Team server on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) ok(m[1]!);
        });
      });
      expect((await fetch(url)).status).toBe(200);
      npm.kill('SIGTERM');
      let stopped = false;
      for (let i = 0; i < 50 && !stopped; i++) {
        await new Promise((ok) => setTimeout(ok, 200));
        stopped = await fetch(url).then(
          () => false,
          () => true,
        );
      }
      expect(stopped).toBe(true);
    } finally {
      npm.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('team-server keeps its data', () => {
  it('stops on SIGTERM with exit 0 and a restart on the same folder has the same team, members and rules', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'lga-team-keep-'));
    try {
      const one = await startTeamServer({ admin, dataDir: dir });
      await createTeam(one.url, admin, 'kept');
      await addMember(one.url, admin, 'kept', 'ann', 'ann-pw');
      // A live pull holds a long-poll request open, as an open library does; stopping does not wait for it.
      const local = new PouchDB('live', { adapter: 'memory' });
      const live = local.replicate.from(new PouchDB(`${one.url}/kept`, { auth: { username: 'ann', password: 'ann-pw' }, skip_setup: true }), { live: true });
      live.on('error', () => {});
      await new Promise<void>((ok) => live.on('paused', () => ok()));
      const before = Date.now();
      await one.stop();
      expect(Date.now() - before).toBeLessThan(8000);
      live.cancel();
      await local.destroy();
      expect(one.exitCode()).toBe(0);
      const two = await startTeamServer({ admin, dataDir: dir });
      const put = (id: string, body: object) =>
        fetch(`${two.url}/kept/${id}`, { method: 'PUT', headers: { authorization: ANN, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await put(annotationId('ann', '1'), annotation('ann', '1'))).status).toBe(201);
      expect((await put(annotationId('bob', '1'), annotation('bob', '1'))).status).toBe(403);
      await two.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
