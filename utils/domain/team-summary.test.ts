import { describe, expect, it } from 'vitest';
import { summariseContributors } from './team-summary';

describe('summariseContributors', () => {
  it('counts what each contributor sent and judged, and how often they agree with the others', () => {
    const a = (postId: string, contributorId: string, verdict: 'do' | 'dont' | 'undecided') => ({ postId, contributorId, verdict });
    const summary = summariseContributors([
      a('1', 'ann', 'do'), a('1', 'bea', 'do'), a('1', 'cal', 'dont'),
      a('2', 'ann', 'dont'), a('2', 'bea', 'dont'),
      a('3', 'ann', 'do'),
      a('4', 'cal', 'undecided'), a('4', 'ann', 'do'),
    ]);
    expect(summary).toEqual([
      // Post 1: ann agrees with bea, not cal (1 of 2); post 2: with bea (1 of 1); posts 3 and 4: nobody else judged.
      { contributorId: 'ann', sent: 4, judged: 4, agreed: 2, compared: 3 },
      { contributorId: 'bea', sent: 2, judged: 2, agreed: 2, compared: 3 },
      { contributorId: 'cal', sent: 2, judged: 1, agreed: 0, compared: 2 },
    ]);
  });
});
