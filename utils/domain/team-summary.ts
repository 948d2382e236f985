import type { Verdict } from './vocabulary';

/**
 * Each contributor's part in the library: how many clippings they sent (have an annotation of), how
 * many they judged (do or don't), and how often their verdict matches the other contributors' who
 * judged the same post (each pair of verdicts on a post counts once for each of the two).
 */
export interface ContributorSummary {
  contributorId: string;
  sent: number;
  judged: number;
  /** Pairs of verdicts (theirs and another contributor's on the same post) that were the same. */
  agreed: number;
  /** Pairs compared: the verdicts of others on the posts they judged. */
  compared: number;
}

/** Summaries in the order contributors first appear; `agreed / compared` is the rate (none when 0 compared). */
export function summariseContributors(annotations: ReadonlyArray<{ postId: string; contributorId: string; verdict: Verdict }>): ContributorSummary[] {
  const byContributor = new Map<string, ContributorSummary>();
  const byPost = new Map<string, Array<{ contributorId: string; verdict: Verdict }>>();
  for (const a of annotations) {
    let s = byContributor.get(a.contributorId);
    if (!s) byContributor.set(a.contributorId, (s = { contributorId: a.contributorId, sent: 0, judged: 0, agreed: 0, compared: 0 }));
    s.sent++;
    if (a.verdict === 'undecided') continue;
    s.judged++;
    let list = byPost.get(a.postId);
    if (!list) byPost.set(a.postId, (list = []));
    list.push(a);
  }
  for (const judges of byPost.values()) {
    if (judges.length < 2) continue;
    const dos = judges.filter((j) => j.verdict === 'do').length;
    for (const j of judges) {
      const s = byContributor.get(j.contributorId)!;
      const same = (j.verdict === 'do' ? dos : judges.length - dos) - 1;
      s.agreed += same;
      s.compared += judges.length - 1;
    }
  }
  return [...byContributor.values()];
}
