import { describe, expect, it } from 'vitest';
import { originPattern, serverAddress } from './connect';

describe('originPattern', () => {
  it("is the server's scheme and host without its port for Firefox, as the manifest's optional origins are", () => {
    expect(originPattern(serverAddress('http://127.0.0.1:5984'), false)).toBe('http://127.0.0.1/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk:6984/teams/'), false)).toBe('https://couch.example.gov.uk/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk'), false)).toBe('https://couch.example.gov.uk/*');
    expect(originPattern(serverAddress('http://localhost:5984'), false)).toBe('http://localhost/*');
  });

  it('keeps the port for Chrome, which counts a grant of the host with that port or with none as holding it', () => {
    expect(originPattern(serverAddress('http://127.0.0.1:5984'), true)).toBe('http://127.0.0.1:5984/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk:6984/teams/'), true)).toBe('https://couch.example.gov.uk:6984/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk'), true)).toBe('https://couch.example.gov.uk/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk:443'), true)).toBe('https://couch.example.gov.uk/*');
  });
});
