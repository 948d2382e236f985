import { describe, expect, it } from 'vitest';
import { checkServerUrl, parseCommand, parseCredentials, UsageError } from './cli';

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
