import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { i18n } from '#i18n';
import { getDb } from '@/utils/store/db';
import { createRequestHandler, servePort } from '@/utils/messaging/server';
import type { TabMessage } from '@/utils/messaging/protocol';
import { writeChangeFeed } from '@/utils/messaging/change-feed';
import { publishCommitted } from '@/utils/store/outbox';
import { forgetPageHealth, recordPageHealth } from '@/utils/background/page-health';
import { fetchLocaleMessages, onLanguageChange, setUpLanguage } from '@/utils/i18n/language';
import { createImageCopier } from '@/utils/store/images';
import { fetchCopy } from '@/utils/images/fetch-copy';
import { MEDIA_ORIGINS } from '@/utils/images/plan';
import { SETTINGS_KEY, loadSettings, parseSettings, saveSettings } from '@/utils/settings';
import { setUpTeamSync } from '@/utils/team/background';

/**
 * The background owns the data. It only wires: the store and protocol are in utils/.
 * MV3 stops this worker whenever it likes, so nothing here lives only in memory: every listener is
 * registered synchronously at start, and the database is opened on demand.
 */
const CONTEXT_MENU_ID = 'clip-post';
const COMMAND_ID = 'clip-focused-post';

export default defineBackground(() => {
  // The context menu's title follows the language chosen in options, like the pages and X tabs.
  let language = setUpLanguage();
  const db = getDb();
  // X tabs hear of saves and removals through the outbox: each write records its changes with its
  // commit, and this announces whatever is recorded. A failed announcement stays in the outbox for
  // the next one; the write itself succeeded.
  const publishChanges = () =>
    publishCommitted(db, writeChangeFeed).then(
      () => undefined,
      (error: unknown) => console.error('[LGA Guide Clipper] change feed not written', error),
    );
  // "Keep copies of images": after a save or restore the clipping's images are copied from X's media
  // CDN, never holding up the answer; failed copies are tried again at later runs.
  const copier = createImageCopier({
    db,
    enabled: async () => (await loadSettings()).keepImageCopies,
    fetchCopy: (url) => fetchCopy(url),
    now: Date.now,
  });
  // The team library (when this browser belongs to one): a sync shortly after each change, and on an alarm.
  const team = setUpTeamSync(db);
  const extensionId = browser.runtime.id;
  const extensionBaseUrl = browser.runtime.getURL('/');
  const handle = createRequestHandler({
    db,
    extensionId,
    extensionBaseUrl,
    publishChanges: (changes) => {
      void copier.afterSave(changes.filter((c) => c.saved).map((c) => c.postId));
      team.afterChange();
      return publishChanges();
    },
    recordPageHealth,
    loadLocaleMessages: fetchLocaleMessages,
  });

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void handle(message, sender).then(sendResponse);
    return true; // the answer comes asynchronously through sendResponse
  });
  // X tabs' saved-state lookups: one port per tab, each message checked by the same handler.
  browser.runtime.onConnect.addListener((port) => servePort(port, handle, extensionId, extensionBaseUrl));

  browser.runtime.onInstalled.addListener(() => {
    void language.then(() => browser.contextMenus.removeAll()).then(() =>
      browser.contextMenus.create({
        id: CONTEXT_MENU_ID,
        title: i18n.t('contextMenu.clip'),
        contexts: ['page', 'link', 'image', 'video', 'selection'],
        documentUrlPatterns: ['https://x.com/*', 'https://twitter.com/*'],
      }),
    );
  });

  onLanguageChange(() => {
    language = setUpLanguage();
    void language.then(() => browser.contextMenus.update(CONTEXT_MENU_ID, { title: i18n.t('contextMenu.clip') })).catch(() => {
      // The menu item is made on install; nothing to rename before then.
    });
  });

  const tell = (tabId: number | undefined, message: TabMessage, frameId?: number) => {
    if (tabId === undefined || tabId < 0) return;
    browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId }).catch(() => {
      // No content script in that tab (not an X page): nothing to clip.
    });
  };

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === CONTEXT_MENU_ID) tell(tab?.id, { type: 'clipContextTarget' }, info.frameId);
  });

  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== COMMAND_ID) return;
    const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    tell(target?.id, { type: 'clipFocused' });
  });

  browser.tabs.onRemoved.addListener((tabId) => void forgetPageHealth(tabId));

  // The choice is turned on only once the media permission is granted (options); taking the
  // permission away in the browser's settings turns it off, so nothing more is fetched.
  browser.permissions.onRemoved.addListener((removed) => {
    if (removed.origins?.some((o) => MEDIA_ORIGINS.includes(o))) void saveSettings({ keepImageCopies: false });
  });

  // Turning "Keep copies of images" on copies the images of the clippings already in the library.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes[SETTINGS_KEY]) return;
    const was = parseSettings(changes[SETTINGS_KEY].oldValue).keepImageCopies;
    if (!was && parseSettings(changes[SETTINGS_KEY].newValue).keepImageCopies) void copier.backfill();
  });

  // At every start: announce what a stopped worker committed but never announced, and try again the
  // image copies that are due.
  void publishChanges();
  void copier.run();
});
