import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { MAIN_WORLD_DEFAULT_TAGS } from '@/utils/x/data/main-world';

describe("the main-world reader's tags before the content script sends the user's", () => {
  it('are the default settings\' tracked tags', () => {
    expect([...MAIN_WORLD_DEFAULT_TAGS]).toEqual(DEFAULT_SETTINGS.trackedTags);
  });
});
