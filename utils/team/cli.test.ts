import { describe, expect, it } from 'vitest';
import { checkOrigin, checkPort, checkServerUrl, corsAdvice, corsSettings, parseCommand, parseCredentials, UsageError } from './cli';

describe('team command arguments', () => {
  it('parses create and add-member', () => {
    const c = parseCommand(['create', '--server', 'http://127.0.0.1:5984', '--admin', 'root:a:b', '--team', 'lga']);
    expect(c).toMatchObject({ command: 'create', team: 'lga', admin: { user: 'root', password: 'a:b' } });
    const m = parseCommand(['add-member', '--server', 'https://couch.example.org', '--admin', 'r:p', '--team', 'lga', '--user', 'ann', '--password', 'pw']);
    expect(m).toMatchObject({ command: 'add-member', user: 'ann', password: 'pw' });
  });
  it('refuses missing, unknown and repeated options', () => {
    expect(() => parseCommand(['create', '--server', 'http://localhost:1', '--admin', 'r:p'])).toThrow(/--team/);
    expect(() => parseCommand(['create', '--sever', 'x'])).toThrow(UsageError);
    expect(() => parseCommand(['create', '--team', 'a', '--team', 'b'])).toThrow(/twice/);
    expect(() => parseCommand(['nope'])).toThrow(/Usage/);
  });
  it('refuses bad names and credentials', () => {
    expect(() => parseCredentials('root')).toThrow(/USER:PASSWORD/);
    expect(() => parseCommand(['create', '--server', 'http://localhost:1', '--admin', 'r:p', '--team', 'LGA'])).toThrow(/lower-case/);
    expect(() => parseCommand(['add-member', '--server', 'http://localhost:1', '--admin', 'r:p', '--team', 'a', '--user', 'a:b', '--password', 'x'])).toThrow(/--user/);
  });
  it('allows plain http only on the loopback host', () => {
    expect(checkServerUrl('http://127.0.0.1:5984').port).toBe('5984');
    expect(checkServerUrl('http://localhost:5984').hostname).toBe('localhost');
    expect(checkServerUrl('https://couch.example.org').protocol).toBe('https:');
    expect(() => checkServerUrl('http://couch.example.org')).toThrow(/https/);
    expect(() => checkServerUrl('ftp://127.0.0.1')).toThrow(/https/);
    expect(() => checkServerUrl('https://u:p@couch.example.org')).toThrow(/credentials/);
    expect(() => checkServerUrl('not a url')).toThrow(/Not a server/);
  });
});

describe('team command options for the server and CORS', () => {
  it('takes port 0 for any free port and refuses ports out of range', () => {
    expect(parseCommand(['server', '--port', '0', '--data', 'd', '--admin', 'r:p'])).toMatchObject({ command: 'server', port: 0 });
    expect(() => checkPort('65536')).toThrow(/--port/);
    expect(() => checkPort('-1')).toThrow(/--port/);
    expect(() => checkPort('80a')).toThrow(/--port/);
  });
  it("takes an optional --origin on create: an extension's origin or an https origin", () => {
    const base = ['create', '--server', 'http://127.0.0.1:5984', '--admin', 'r:p', '--team', 'lga'];
    expect(parseCommand(base)).not.toHaveProperty('origin');
    expect(parseCommand([...base, '--origin', 'chrome-extension://abcdefghijklmnop'])).toMatchObject({ origin: 'chrome-extension://abcdefghijklmnop' });
    expect(checkOrigin('moz-extension://0b1c2d3e-aaaa-bbbb-cccc-123456789abc')).toBe('moz-extension://0b1c2d3e-aaaa-bbbb-cccc-123456789abc');
    expect(checkOrigin('https://guide.example.org')).toBe('https://guide.example.org');
    expect(() => checkOrigin('http://guide.example.org')).toThrow(/--origin/);
    expect(() => checkOrigin('https://guide.example.org/path')).toThrow(/--origin/);
    expect(() => checkOrigin('*')).toThrow(/--origin/);
    expect(() => parseCommand(['add-member', '--server', 'http://localhost:1', '--admin', 'r:p', '--team', 'a', '--user', 'u', '--password', 'p', '--origin', 'x'])).toThrow(/Unknown option/);
  });
  it('adds the origin to the CORS list the server has, with credentials, never as a wildcard', () => {
    const settings = corsSettings('https://a.example, *, chrome-extension://abc', 'chrome-extension://def');
    expect(settings).toContainEqual(['chttpd', 'enable_cors', 'true']);
    expect(settings).toContainEqual(['cors', 'credentials', 'true']);
    expect(settings).toContainEqual(['cors', 'origins', 'https://a.example, chrome-extension://abc, chrome-extension://def']);
    expect(corsSettings(undefined, 'chrome-extension://abc')).toContainEqual(['cors', 'origins', 'chrome-extension://abc']);
    expect(corsSettings('chrome-extension://abc', 'chrome-extension://abc')).toContainEqual(['cors', 'origins', 'chrome-extension://abc']);
    expect(corsAdvice('chrome-extension://abc')).toContain('[cors] origins = chrome-extension://abc');
  });
});
