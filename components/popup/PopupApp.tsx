import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getDb, OWNER } from '@/utils/store/db';
import { countClippings, latestClippings } from '@/utils/store/clippings';
import { readPageHealth, type PageHealth } from '@/utils/background/page-health';
import type { XDataHealth } from '@/utils/x/data/health';
import { formatNumber } from '@/utils/format';
import { useLiveQuery } from '../use-live-query';
import { ClippingCard } from '../clipping/ClippingCard';
import { SaveState } from '../SaveState';
import { PopupExport } from '../bundle/PopupExport';
import { TeamIndicator } from '../team/SyncIndicator';

const LATEST = 10;

/** The popup: quick judgement of the newest clippings, and a warning when X could not be read. */
export function PopupApp() {
  const db = getDb();
  // The count (one kept record) and the newest clippings in one query, so they change together.
  const { value: shown } = useLiveQuery(async () => {
    const [count, clippings] = await Promise.all([countClippings(db), latestClippings(db, LATEST)]);
    const annotations = await db.annotations.bulkGet(clippings.map((c) => [c.postId, OWNER] as [string, string]));
    return { count, latest: clippings.map((clipping, i) => ({ clipping, annotation: annotations[i] })) };
  }, []);
  const count = shown?.count;
  const latest = shown?.latest;
  const health = useActiveTabHealth();

  return (
    <main class="popup">
      <div class="popup-head">
        <h1>{i18n.t('popup.title')}</h1>
        <SaveState />
      </div>
      {health && (health.unreadable > 0 || (health.xData?.unreadable ?? 0) > 0) && (
        <div class="warning" role="alert">
          {health.unreadable > 0 && <strong>{i18n.t('popup.unreadable', [formatNumber(health.unreadable)])}</strong>}
          {health.unreadable > 0 && health.missing && (health.missing.link > 0 || health.missing.actionBar > 0) && (
            <ul>
              {health.missing.link > 0 && <li>{i18n.t('popup.missingLink', health.missing.link, [formatNumber(health.missing.link)])}</li>}
              {health.missing.actionBar > 0 && <li>{i18n.t('popup.missingActionBar', health.missing.actionBar, [formatNumber(health.missing.actionBar)])}</li>}
            </ul>
          )}
          {health.xData && health.xData.unreadable > 0 && <XDataUnreadable {...health.xData} />}
        </div>
      )}
      <p class="count" role="status">
        {count === undefined ? '' : i18n.t('popup.count', count, [formatNumber(count)])}
      </p>
      <TeamIndicator />
      <PopupExport />
      <p class="actions">
        <a href={browser.runtime.getURL('/library.html')} target="_blank" rel="noopener">
          {i18n.t('popup.openLibrary')}
        </a>{' '}
        <a href={browser.runtime.getURL('/guide.html')} target="_blank" rel="noopener">
          {i18n.t('popup.openGuide')}
        </a>{' '}
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
          {i18n.t('popup.openOptions')}
        </a>
      </p>
      {count === 0 && <p>{i18n.t('popup.empty')}</p>}
      {latest && latest.length > 0 && (
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">{i18n.t('popup.latest')}</h2>
          <ol class="clippings">
            {latest.map(({ clipping, annotation }) => (
              <li key={clipping.postId}>
                <ClippingCard clipping={clipping} annotation={annotation} compact />
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}

/** What the check against X's own data found: how many tagged posts have no button, and which parts were not found. */
function XDataUnreadable({ unreadable, missing }: XDataHealth) {
  const parts = (
    [
      ['post', 'popup.xDataMissingPost'],
      ['text', 'popup.xDataMissingText'],
      ['tag', 'popup.xDataMissingTag'],
      ['link', 'popup.xDataMissingLink'],
      ['actionBar', 'popup.xDataMissingActionBar'],
    ] as const
  ).filter(([part]) => missing[part] > 0);
  return (
    <>
      <p>
        <strong>{i18n.t('popup.xDataUnreadable', unreadable, [formatNumber(unreadable)])}</strong>
      </p>
      {parts.length > 0 && (
        <ul>
          {parts.map(([part, key]) => (
            <li key={part}>{i18n.t(key, missing[part], [formatNumber(missing[part])])}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function useActiveTabHealth(): PageHealth | undefined {
  const [health, setHealth] = useState<PageHealth>();
  useEffect(() => {
    void activeTabId()
      .then((id) => (id === undefined ? undefined : readPageHealth(id)))
      .then(setHealth, () => setHealth(undefined));
  }, []);
  return health;
}

/**
 * The tab the user is looking at. Opened as a popup, that is the active tab; opened in a tab of its
 * own (popup.html), it is the tab the user was on before.
 */
async function activeTabId(): Promise<number | undefined> {
  const self = await browser.tabs.getCurrent();
  if (!self) return (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  const others = (await browser.tabs.query({ currentWindow: true })).filter((t) => t.id !== self.id);
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0]?.id;
}
