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
