import { describe, expect, it } from 'vitest';
import { originPattern, serverAddress } from './connect';

describe('originPattern', () => {
  it("is the server's scheme and host without its port, as the manifest's optional origins are", () => {
    expect(originPattern(serverAddress('http://127.0.0.1:5984'))).toBe('http://127.0.0.1/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk:6984/teams/'))).toBe('https://couch.example.gov.uk/*');
    expect(originPattern(serverAddress('https://couch.example.gov.uk'))).toBe('https://couch.example.gov.uk/*');
    expect(originPattern(serverAddress('http://localhost:5984'))).toBe('http://localhost/*');
  });
});
