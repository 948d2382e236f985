import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getDb } from '@/utils/store/db';
import { countClippings, latestClippings } from '@/utils/store/clippings';
import { readPageHealth, type PageHealth } from '@/utils/background/page-health';
import { excerpt, formatDateTime, formatNumber, uiLocale } from '@/utils/format';
import { useLiveQuery } from '../use-live-query';

const LATEST = 10;

/** The popup: how many clippings there are, the latest ones, and a warning when X could not be read. */
export function PopupApp() {
  const db = getDb();
  const { value: count } = useLiveQuery(() => countClippings(db), []);
  const { value: latest } = useLiveQuery(() => latestClippings(db, LATEST), []);
  const health = useActiveTabHealth();
  const locale = uiLocale();

  return (
    <main class="popup">
      <h1>{i18n.t('popup.title')}</h1>
      {health && health.unreadable > 0 && (
        <div class="warning" role="alert">
          <strong>{i18n.t('popup.unreadable', [formatNumber(health.unreadable, locale)])}</strong>
        </div>
      )}
      <p class="count" role="status">
        {count === undefined ? '' : i18n.t('popup.count', count, [formatNumber(count, locale)])}
      </p>
      {count === 0 && <p>{i18n.t('popup.empty')}</p>}
      {latest && latest.length > 0 && (
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">{i18n.t('popup.latest')}</h2>
          <ol class="clippings">
            {latest.map((c) => (
              <li key={c.postId}>
                <article class="clipping" aria-label={`${c.snapshot.author.name} @${c.snapshot.author.handle}`}>
                  <p class="author">
                    <span class="name">{c.snapshot.author.name}</span> <span class="handle">@{c.snapshot.author.handle}</span>
                  </p>
                  <p class="text">{excerpt(c.snapshot.text)}</p>
                  <p class="meta">
                    <a href={c.snapshot.permalink} target="_blank" rel="noopener noreferrer">
                      {i18n.t('popup.openPost')}
                    </a>{' '}
                    · <span>{i18n.t('popup.clippedAt', [formatDateTime(c.clippedAt, locale)])}</span>
                  </p>
                </article>
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
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
