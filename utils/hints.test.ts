import { describe, expect, it } from 'vitest';
import { hintsFor, isNotCamelCase } from './hints';
import { makeSnapshot } from '@/tests/unit/snapshots';

describe('hints for the annotator', () => {
  it('counts images without alt text', () => {
    const snapshot = makeSnapshot({
      media: [
        { type: 'photo', url: 'https://pbs.twimg.com/media/a?name=orig', altText: 'A gritter at the depot' },
        { type: 'photo', url: 'https://pbs.twimg.com/media/b?name=orig' },
        { type: 'gif', posterUrl: 'https://pbs.twimg.com/tweet_video_thumb/c.jpg' },
      ],
    });
    expect(hintsFor(snapshot)).toContainEqual({ id: 'imagesWithoutAlt', count: 2, total: 3 });
  });

  it('points out hashtags not written in CamelCase', () => {
    expect(isNotCamelCase('lgadigital')).toBe(true);
    expect(isNotCamelCase('LGADIGITAL')).toBe(true);
    expect(isNotCamelCase('LGADigital')).toBe(false);
    expect(isNotCamelCase('bins')).toBe(false);
    expect(hintsFor(makeSnapshot({ entities: { links: [], mentions: [], hashtags: ['lgadigital', 'GrittingUpdate'] } }))).toContainEqual({
      id: 'hashtagsNotCamelCase',
      tags: ['lgadigital'],
    });
  });

  it('spots a post that is only a link', () => {
    const linkOnly = makeSnapshot({ text: 'https://t.co/abc123 #lgadigital', entities: { links: [{ text: 'example.gov.uk/bins', url: 'https://t.co/abc123' }], mentions: [], hashtags: ['LGADigital'] } });
    expect(hintsFor(linkOnly)).toEqual([{ id: 'linkOnly' }]);
    const withWords = makeSnapshot({ text: 'Find your new bin day here https://t.co/abc123', entities: { links: [{ text: 'example.gov.uk/bins', url: 'https://t.co/abc123' }], mentions: [], hashtags: [] } });
    expect(hintsFor(withWords)).toEqual([]);
  });

  it('says when X cut the text short', () => {
    expect(hintsFor(makeSnapshot({ truncated: true, entities: { links: [], mentions: [], hashtags: [] } }))).toEqual([{ id: 'truncated' }]);
  });
});
