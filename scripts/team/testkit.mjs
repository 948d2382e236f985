// The team server for tests and the bench, through the real commands (the same scripts as `npm run team-server`
// and `npm run team`, run by Node with jiti, without npm in between so that stopping reaches the server itself).
//
//   import { startTeamServer, createTeam, addMember, runTeamCommand } from '../../scripts/team/testkit.mjs';
//   const admin = { user: 'root', password: 'secret' };
//   const server = await startTeamServer({ admin });          // 127.0.0.1, a free port, a temporary data folder
//   await createTeam(server.url, admin, 'lga');                // database, members list, validation function
//   await addMember(server.url, admin, 'lga', 'ann', 'ann-pw'); // a login and a place in the members list
//   ... server.url is 'http://127.0.0.1:PORT' (no trailing slash); server.pid is the server's process id ...
//   await server.stop();                                       // SIGTERM, waits for the exit, removes the temporary folder
//   server.exitCode();                                         // the server's exit code once stopped (0), else null
//
// startTeamServer({ port = 0, dataDir, admin }): port 0 takes a free port; without dataDir a temporary folder is
// made and removed by stop(); with one, the data stays there (a second start on it sees the same teams).
// createTeam(url, admin, team, { origin }) and addMember(url, admin, team, user, password) reject with the
// command's message when it exits non-zero. runTeamCommand(args) runs `team` with any arguments and resolves
// { code, stdout, stderr } whatever the exit code.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const JITI = join(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs');
export const SERVER_SCRIPT = join(ROOT, 'scripts/team/server.mjs');
export const TEAM_SCRIPT = join(ROOT, 'scripts/team/team.mjs');

/** @typedef {{ user: string, password: string }} Admin */

/**
 * Runs a script the way its npm script does and collects its output.
 * @param {string} script
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function runScript(script, args) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [JITI, script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

/**
 * `team` with any arguments, e.g. `['create', '--server', url, '--admin', 'root:pw', '--team', 'lga']`.
 * @param {string[]} args
 */
export function runTeamCommand(args) {
  return runScript(TEAM_SCRIPT, args);
}

/** @param {Admin} admin */
const adminArg = (admin) => `${admin.user}:${admin.password}`;

async function mustSucceed(args) {
  const r = await runTeamCommand(args);
  if (r.code !== 0) throw new Error(`team ${args[0]} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

/**
 * @param {string} url
 * @param {Admin} admin
 * @param {string} team
 * @param {{ origin?: string }} [opts] origin: an extension origin to allow through CORS with credentials
 */
export function createTeam(url, admin, team, opts = {}) {
  const args = ['create', '--server', url, '--admin', adminArg(admin), '--team', team];
  if (opts.origin) args.push('--origin', opts.origin);
  return mustSucceed(args);
}

/**
 * @param {string} url
 * @param {Admin} admin
 * @param {string} team
 * @param {string} user
 * @param {string} password
 */
export function addMember(url, admin, team, user, password) {
  return mustSucceed(['add-member', '--server', url, '--admin', adminArg(admin), '--team', team, '--user', user, '--password', password]);
}

/**
 * Starts `team-server` on 127.0.0.1 and resolves once it listens.
 * @param {{ port?: number, dataDir?: string, admin: Admin }} opts
 * @returns {Promise<{ url: string, port: number, pid: number, dataDir: string, stop: () => Promise<void>, exitCode: () => number | null }>}
 */
export async function startTeamServer({ port = 0, dataDir, admin }) {
  const temporary = dataDir === undefined;
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'lga-team-')));
  const child = spawn(process.execPath, [JITI, SERVER_SCRIPT, '--port', String(port), '--data', dir, '--admin', adminArg(admin)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {number | null} */
  let exitCode = null;
  const exited = new Promise((ok) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      ok({ code, signal });
    }),
  );
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const url = await new Promise((ok, fail) => {
    let stdout = '';
    const onData = (b) => {
      stdout += b;
      const m = /Team server on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    exited.then(({ code }) => fail(new Error(`team-server exited ${code} before listening: ${stderr.trim() || stdout.trim()}`)));
  }).catch(async (e) => {
    if (temporary) await rm(dir, { recursive: true, force: true });
    throw e;
  });
  let stopped;
  return {
    url,
    port: Number(new URL(url).port),
    pid: /** @type {number} */ (child.pid),
    dataDir: dir,
    exitCode: () => exitCode,
    stop() {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
        if (temporary) await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
