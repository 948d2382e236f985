import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { getDb, OWNER } from '@/utils/store/db';
import { everyVerdict } from '@/utils/store/annotations';
import { summariseContributors } from '@/utils/domain/team-summary';
import { formatNumber } from '@/utils/format';
import { useLiveQuery } from '../use-live-query';

/**
 * "Contributors": everyone whose judgements are in the library (the owner and bundles' contributors),
 * with how many clippings each sent, how many they judged and how often they agree with the others.
 * Read only while open (it reads every annotation). Choosing one shows the clippings they judged.
 */
export function ContributorsSummary({ ownerName, onChoose }: { ownerName: string; onChoose(name: string): void }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="contributors-summary" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{i18n.t('contributors.heading')}</summary>
      {open && <SummaryTable ownerName={ownerName} onChoose={onChoose} />}
    </details>
  );
}

function SummaryTable({ ownerName, onChoose }: { ownerName: string; onChoose(name: string): void }) {
  const db = getDb();
  const { value } = useLiveQuery(async () => {
    // Every clipping counts as sent by the owner, with their blank annotation where none is stored.
    const [annotations, people] = await Promise.all([everyVerdict(db), db.contributors.toArray()]);
    return { rows: summariseContributors(annotations), names: new Map(people.map((p) => [p.id, p])) };
  }, []);
  if (!value) return null;
  if (value.rows.length <= 1) return <p class="hint">{i18n.t('contributors.onlyYou')}</p>;
  return (
    <table class="table contributors-table">
      <thead>
        <tr>
          <th scope="col">{i18n.t('contributors.name')}</th>
          <th scope="col" class="numeric">{i18n.t('contributors.sent')}</th>
          <th scope="col" class="numeric">{i18n.t('contributors.judged')}</th>
          <th scope="col" class="numeric">{i18n.t('contributors.agrees')}</th>
        </tr>
      </thead>
      <tbody>
        {value.rows.map((row) => {
          const person = value.names.get(row.contributorId);
          const name = row.contributorId === OWNER ? ownerName : (person?.name ?? row.contributorId);
          const shown = row.contributorId === OWNER ? i18n.t('contributors.you', [ownerName || i18n.t('others.you')]) : person?.organisation ? `${name} (${person.organisation})` : name;
          return (
            <tr key={row.contributorId}>
              <th scope="row">
                {name ? (
                  <button type="button" class="link-button" onClick={() => onChoose(name)} aria-label={i18n.t('contributors.show', [shown])}>
                    {shown}
                  </button>
                ) : (
                  shown
                )}
              </th>
              <td class="numeric">{formatNumber(row.sent)}</td>
              <td class="numeric">{formatNumber(row.judged)}</td>
              <td class="numeric">{row.compared === 0 ? '–' : `${formatNumber(Math.round((100 * row.agreed) / row.compared))}%`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
