import { TEAM_NAME, USER_NAME } from './names';

/**
 * Joining a team's CouchDB: the address rules, signing in with CouchDB's cookie session, and the
 * membership check. Every failure is named, so the page can say what went wrong and change nothing.
 * The password is sent once, to `/_session`, and never kept: the server's `AuthSession` cookie
 * carries the session from then on, and when it expires the user is asked again.
 */

export type ConnectProblem =
  | 'not-an-address'
  | 'not-https'
  | 'bad-team-name'
  | 'bad-user-name'
  | 'no-permission'
  | 'unreachable'
  | 'wrong-password'
  | 'not-a-member'
  | 'no-such-team'
  | 'server-error';

export class ConnectError extends Error {
  constructor(readonly problem: ConnectProblem) {
    super(problem);
  }
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The server's base address from what the user typed: https, or plain http only for this computer
 * (127.0.0.1, localhost); no user name or password in it; no query. Ends without a slash.
 */
export function serverAddress(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConnectError('not-an-address');
  }
  if (url.username || url.password || url.search || url.hash) throw new ConnectError('not-an-address');
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && !loopback) throw new ConnectError('not-https');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConnectError('not-https');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The host permission pattern for the server, asked for at Connect. With `withPort` (Chrome): its
 * scheme, host and port when the address names one (`http://127.0.0.1:5984/*`), which Chrome counts
 * as held both when that pattern was granted and when the host was granted without a port (any port):
 * so a server granted either way answers at once, with no prompt. Without it (Firefox, which refuses
 * to request a pattern with a port, "not declared in the manifest"): scheme and host, any port. The
 * manifest's optional origins (127.0.0.1, localhost, every https host) name no port, so both are
 * within them.
 */
export function originPattern(server: string, withPort: boolean): string {
  const url = new URL(server);
  return `${url.protocol}//${withPort ? url.host : url.hostname}/*`;
}

/** A CouchDB database name, as `npm run team -- create` makes it. */
export function teamName(text: string): string {
  const name = text.trim();
  if (!TEAM_NAME.test(name)) throw new ConnectError('bad-team-name');
  return name;
}

export function userName(text: string): string {
  const name = text.trim();
  if (!USER_NAME.test(name)) throw new ConnectError('bad-user-name');
  return name;
}

/** The team database's address. */
export function teamUrl(server: string, team: string): string {
  return `${server}/${encodeURIComponent(team)}`;
}

async function call(fetch: Fetch, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'include', cache: 'no-store' });
  } catch {
    throw new ConnectError('unreachable');
  }
}

/** Signs in with CouchDB's cookie session; the browser keeps the cookie, nothing else is kept. */
export async function signIn(fetch: Fetch, server: string, user: string, password: string): Promise<void> {
  const res = await call(fetch, `${server}/_session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ name: user, password }),
  });
  if (res.status === 401 || res.status === 403) throw new ConnectError('wrong-password');
  if (!res.ok) throw new ConnectError(res.status === 404 ? 'not-an-address' : 'server-error');
  const body = (await res.json().catch(() => null)) as { ok?: unknown } | null;
  if (!body || body.ok !== true) throw new ConnectError('server-error');
}

/** The user the session belongs to, or null when signed out (the cookie expired or was never set). */
export async function sessionUser(fetch: Fetch, server: string): Promise<string | null> {
  const res = await call(fetch, `${server}/_session`, { headers: { Accept: 'application/json' } });
  if (!res.ok) return null;
  const body = (await res.json().catch(() => null)) as { userCtx?: { name?: unknown } } | null;
  return typeof body?.userCtx?.name === 'string' ? body.userCtx.name : null;
}

/** Checks the signed-in user may read the team's database (a member); says its document count. */
export async function checkMembership(fetch: Fetch, server: string, team: string): Promise<{ docCount: number }> {
  const res = await call(fetch, teamUrl(server, team), { headers: { Accept: 'application/json' } });
  if (res.status === 401 || res.status === 403) throw new ConnectError('not-a-member');
  if (res.status === 404) throw new ConnectError('no-such-team');
  if (!res.ok) throw new ConnectError('server-error');
  const body = (await res.json().catch(() => null)) as { doc_count?: unknown } | null;
  return { docCount: typeof body?.doc_count === 'number' ? body.doc_count : 0 };
}

/** Ends the session on the server (leaving the team); a server out of reach is no reason to fail. */
export async function signOut(fetch: Fetch, server: string): Promise<void> {
  try {
    await call(fetch, `${server}/_session`, { method: 'DELETE' });
  } catch {
    // Leaving works offline too: the cookie then simply expires.
  }
}
