import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from '@/utils/bundle/schema';
import type { PostSnapshot } from '@/utils/snapshot';
import type { Verdict } from '@/utils/domain/vocabulary';

/**
 * One contributor's bundle of posts 1 to `count`, each with their verdict (and a lesson naming them), as
 * a team member would send it: for tests of what several contributors' bundles make together.
 */
export function contributorBundle(contributor: { name: string; organisation: string }, count: number, snapshot: (i: number) => PostSnapshot, verdict: (i: number) => Verdict): Bundle {
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: '2026-11-21T09:00:00.000Z',
    contributor,
    themes: [],
    clippings: Array.from({ length: count }, (_, n) => {
      const i = n + 1;
      const s = snapshot(i);
      return {
        postId: s.postId,
        snapshot: s,
        clippedAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
        annotations: [{ contributor, verdict: verdict(i), kind: null, themes: [], lesson: `${contributor.name} on post ${i}`, note: '', authorType: 'council', permission: 'notAsked', updatedAt: '2026-11-20T10:05:00.000Z' }],
      };
    }),
  };
}
