import type { Verdict } from './vocabulary';

export interface Agreement {
  do: number;
  dont: number;
  undecided: number;
  /** At least one contributor says do and another don't (as the `is:disagreement` search finds). */
  disagreement: boolean;
}

/** How a post's contributors agree: "3 do, 1 don't". */
export function agreementOf(annotations: ReadonlyArray<{ verdict: Verdict }>): Agreement {
  const out: Agreement = { do: 0, dont: 0, undecided: 0, disagreement: false };
  for (const a of annotations) out[a.verdict]++;
  out.disagreement = out.do > 0 && out.dont > 0;
  return out;
}

/** How a post's contributors' judgements stand, kept on its clipping for the `agree:` and `votes:` searches and sorts. */
export interface Votes {
  /** Contributors who said do or don't. */
  judged: number;
  /** 'do' or 'dont' when everyone who judged said the same; 'mixed' when they differ; 'none' when nobody judged. */
  agree: 'do' | 'dont' | 'mixed' | 'none';
  /** Do minus don't: the "Most agreed do" order. */
  doLead: number;
  /** The fewer of do and don't: the "Most contested" order. */
  contest: number;
}

export function votesOf(annotations: ReadonlyArray<{ verdict: Verdict }>): Votes {
  const a = agreementOf(annotations);
  const judged = a.do + a.dont;
  return { judged, agree: judged === 0 ? 'none' : a.dont === 0 ? 'do' : a.do === 0 ? 'dont' : 'mixed', doLead: a.do - a.dont, contest: Math.min(a.do, a.dont) };
}

/** Whether two vote summaries are the same (so a clipping need not be written again). */
export function sameVotes(a: Partial<Votes>, b: Votes): boolean {
  return a.judged === b.judged && a.agree === b.agree && a.doLead === b.doLead && a.contest === b.contest;
}
