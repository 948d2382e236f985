import { i18n } from '#i18n';
import { formatNumber } from '@/utils/format';
import { getDb, OWNER, type ContributorRecord, type Verdict } from '@/utils/store/db';
import { agreementOf, type Agreement } from '@/utils/domain/agreement';
import { annotationsOf } from '@/utils/store/annotations';
import { useLiveQuery } from '../use-live-query';
import { Tag } from '../ui/fields';
import { verdictLabel } from '../clipping/labels';

/** "3 do, 1 don't, 1 undecided": the agreement of everyone's verdicts, in words. */
export function agreementText(a: Agreement): string {
  const parts: string[] = [];
  if (a.do) parts.push(i18n.t('others.agreementDo', a.do, [formatNumber(a.do)]));
  if (a.dont) parts.push(i18n.t('others.agreementDont', a.dont, [formatNumber(a.dont)]));
  if (a.undecided) parts.push(i18n.t('others.agreementUndecided', a.undecided, [formatNumber(a.undecided)]));
  return parts.join(', ');
}

const who = (c: ContributorRecord | undefined, id: string) => (c ? (c.organisation ? `${c.name} (${c.organisation})` : c.name) : id);

/** Shape as well as colour: a tick, a cross or a dash beside the word. */
const MARK: Record<Verdict, string> = { do: '✓', dont: '✗', undecided: '–' };

export function VerdictTag({ verdict }: { verdict: Verdict }) {
  return (
    <Tag tone={verdict}>
      <span aria-hidden="true">{MARK[verdict]} </span>
      {verdictLabel(verdict)}
    </Tag>
  );
}

/**
 * Beside the owner's own controls: what other contributors (from imported bundles) said of this post,
 * under their names, with the agreement of everyone's verdicts. Shows nothing for a post only the
 * owner has judged. Everything from a bundle is shown as text.
 */
export function OtherContributors({ postId }: { postId: string }) {
  const db = getDb();
  const { value } = useLiveQuery(async () => {
    // Every annotation, the owner's first: their blank one when none is stored (undecided, and counted).
    const annotations = await annotationsOf(db, postId);
    const others = annotations.filter((a) => a.contributorId !== OWNER);
    const people = await db.contributors.bulkGet(others.map((a) => a.contributorId));
    return { annotations, others, people };
  }, [postId]);
  if (!value || value.others.length === 0) return null;
  const summary = agreementOf(value.annotations);
  const headingId = `others-${postId}`;
  return (
    <section class="others" aria-labelledby={headingId}>
      <h3 id={headingId} class="others-heading">
        {i18n.t('others.heading')}
      </h3>
      <p class="agreement">
        {i18n.t('others.agreement', [agreementText(summary)])}
        {summary.disagreement && (
          <>
            {' '}
            <Tag tone="disagree">{i18n.t('others.disagree')}</Tag>
          </>
        )}
      </p>
      <ul class="others-list">
        {value.others.map((a, i) => (
          <li key={a.contributorId}>
            <span class="contributor">{who(value.people[i], a.contributorId)}</span> <VerdictTag verdict={a.verdict} />
            {a.lesson && <p class="others-lesson">{i18n.t('others.lesson', [a.lesson])}</p>}
            {a.note && <p class="others-note">{i18n.t('others.note', [a.note])}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
