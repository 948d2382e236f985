import type { PostSnapshot } from '@/utils/snapshot';

/** A valid snapshot for store and protocol tests; pass overrides for what a test is about. */
export function makeSnapshot(overrides: Partial<PostSnapshot> = {}): PostSnapshot {
  const postId = overrides.postId ?? '1846200000000000001';
  return {
    schema: 1,
    postId,
    permalink: `https://x.com/ExampleBoroughCncl/status/${postId}`,
    author: { name: 'Example Borough Council', handle: 'ExampleBoroughCncl', verified: true, avatarUrl: 'https://pbs.twimg.com/profile_images/1/a_normal.jpg' },
    text: 'Bins are collected as normal on bank holiday Monday #lgadigital',
    entities: { links: [], mentions: [], hashtags: ['lgadigital'] },
    lang: 'en',
    postedAt: '2026-10-09T09:30:00.000Z',
    media: [],
    counts: { replies: 3, reposts: 12, likes: 40, views: 2100 },
    truncated: false,
    capturedAt: '2026-11-20T10:00:00.000Z',
    pageUrl: 'https://x.com/hashtag/lgadigital',
    extensionVersion: '0.1.0',
    ...overrides,
  };
}
