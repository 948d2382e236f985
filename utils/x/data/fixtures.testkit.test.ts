import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireGraphQLFixtures } from './fixtures.testkit';

describe('requireGraphQLFixtures', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fails the run under CI=true when the responses are absent', () => {
    vi.stubEnv('CI', 'true');
    expect(() => requireGraphQLFixtures(false)).toThrow(/required under CI=true/);
    expect(requireGraphQLFixtures(true)).toBe(true);
  });

  it('elsewhere skips, saying why', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireGraphQLFixtures(false)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Skipping/));
  });
});
