import { TEAM_NAME, USER_NAME } from './names';
/** Pure parts of the team set-up commands: argument parsing and server address checks. */

export interface Credentials {
  user: string;
  password: string;
}

export type TeamCommand =
  | { command: 'server'; port: number; data: string; admin: Credentials }
  | { command: 'create'; server: URL; admin: Credentials; team: string; origin?: string }
  | { command: 'add-member'; server: URL; admin: Credentials; team: string; user: string; password: string };

export class UsageError extends Error {}

/**
 * Reads `--name value` pairs; every `required` name must be there, `optional` ones may be. An unknown or
 * repeated option, or one without a value, is a usage error.
 */
export function parseOptions(argv: readonly string[], required: readonly string[], optional: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (!required.includes(name) && !optional.includes(name)) throw new UsageError(`Unknown option ${flag}`);
    if (name in out) throw new UsageError(`Option --${name} given twice`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`Option --${name} needs a value`);
    out[name] = value;
  }
  for (const name of required) if (!(name in out)) throw new UsageError(`Missing option --${name}`);
  return out;
}

/** `USER:PASSWORD`; the password may itself contain colons. */
export function parseCredentials(text: string): Credentials {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) throw new UsageError('--admin must be USER:PASSWORD');
  return { user: text.slice(0, at), password: text.slice(at + 1) };
}

/** CouchDB database names: a lower-case letter, then lower-case letters, digits and _$()+-/ (at most 238). */
export function checkTeamName(name: string): string {
  if (!TEAM_NAME.test(name)) {
    throw new UsageError('--team must start with a lower-case letter and use only a-z, 0-9 and _$()+-/');
  }
  return name;
}

/** User names become part of document ids, so they are kept to a safe set. */
export function checkUserName(name: string): string {
  if (!USER_NAME.test(name)) {
    throw new UsageError('--user must be 1 to 64 letters, digits or ._@- and start with a letter or digit');
  }
  return name;
}

/** Plain http only for the loopback host; anything else must be https. No credentials in the address. */
export function checkServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`Not a server address: ${text}`);
  }
  if (url.username || url.password) throw new UsageError('Put the credentials in --admin, not in the address');
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && loopback) return url;
  throw new UsageError(`The server must use https:// (plain http:// only for 127.0.0.1 or localhost): ${text}`);
}

/**
 * The origin the extension's pages call the server from, for the server's CORS list: a browser extension's
 * (`chrome-extension://ID`, `moz-extension://UUID`) or an https origin, without a path.
 */
export function checkOrigin(text: string): string {
  if (/^(chrome|moz|safari-web)-extension:\/\/[A-Za-z0-9._-]+$/.test(text)) return text;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (url && url.protocol === 'https:' && url.origin === text) return text;
  throw new UsageError(`--origin must be an extension's origin such as chrome-extension://ID, or https://host: ${text}`);
}

/** A TCP port; 0 asks the system for a free one (the server prints the port it got). */
export function checkPort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be 0 (any free port) to 65535: ${text}`);
  return port;
}

export function parseCommand(argv: readonly string[]): TeamCommand {
  const [command, ...rest] = argv;
  if (command === 'server') {
    const o = parseOptions(rest, ['port', 'data', 'admin']);
    return { command, port: checkPort(o.port!), data: o.data!, admin: parseCredentials(o.admin!) };
  }
  if (command === 'create') {
    const o = parseOptions(rest, ['server', 'admin', 'team'], ['origin']);
    const parsed = { command, server: checkServerUrl(o.server!), admin: parseCredentials(o.admin!), team: checkTeamName(o.team!) } as const;
    return o.origin === undefined ? parsed : { ...parsed, origin: checkOrigin(o.origin) };
  }
  if (command === 'add-member') {
    const o = parseOptions(rest, ['server', 'admin', 'team', 'user', 'password']);
    if (!o.password) throw new UsageError('--password must not be empty');
    return {
      command,
      server: checkServerUrl(o.server!),
      admin: parseCredentials(o.admin!),
      team: checkTeamName(o.team!),
      user: checkUserName(o.user!),
      password: o.password!,
    };
  }
  throw new UsageError(
    'Usage: team create --server URL --admin USER:PASSWORD --team NAME [--origin EXTENSION-ORIGIN]\n' +
      '       team add-member --server URL --admin USER:PASSWORD --team NAME --user USER --password PASSWORD',
  );
}

/** The CouchDB 3 settings (`[section] key = value`) that let the extension's origin call the server with its session cookie. */
export const corsMethods = 'GET, HEAD, POST, PUT, DELETE, COPY';
export const corsHeaders = 'accept, authorization, content-type, origin, referer, x-csrf-token';

/** `origins` is the server's current `[cors] origins`; the new origin is added to it, never replacing it. */
export function corsSettings(origins: string | undefined, origin: string): Array<[section: string, key: string, value: string]> {
  const list = (origins ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '' && o !== '*');
  if (!list.includes(origin)) list.push(origin);
  return [
    ['chttpd', 'enable_cors', 'true'],
    ['cors', 'origins', list.join(', ')],
    ['cors', 'credentials', 'true'],
    ['cors', 'methods', corsMethods],
    ['cors', 'headers', corsHeaders],
  ];
}

/** What an IT team sets by hand when the server's config API is out of reach (or for several origins). */
export function corsAdvice(origin = 'chrome-extension://EXTENSION-ID'): string {
  return [
    'The extension calls the server from its own origin with the session cookie; the server must allow it:',
    '  [chttpd] enable_cors = true',
    `  [cors] origins = ${origin}`,
    '  [cors] credentials = true',
    `  [cors] methods = ${corsMethods}`,
    `  [cors] headers = ${corsHeaders}`,
    'or run create again with --origin ORIGIN (it sets these through /_node/_local/_config).',
  ].join('\n');
}
