import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { GeneratedI18nStructure } from '#i18n';
import { createTagMatcher } from '@/utils/x/match';
import { Injector } from '@/utils/x/injector';
import { createPressFlow } from '@/utils/x/press';
import { createSavedStateQueue } from '@/utils/x/saved-state-queue';
import { extractPost } from '@/utils/x/extract';
import { savedFilterTest } from '@/utils/x/saved-filter';
import { showToast } from '@/utils/x/toast';
import { xDataChannel } from '@/utils/x/data/channel';
import type { ButtonLabels } from '@/utils/x/button';
import { sendRequest } from '@/utils/messaging/client';
import { LOOKUP_PORT, portLookups } from '@/utils/messaging/port';
import { CHANGE_FEED_KEY, MAX_IDS_PER_LOOKUP, type TabMessage } from '@/utils/messaging/protocol';
import { feedAsksResync, readChangeFeed } from '@/utils/messaging/change-feed';
import { DEFAULT_SETTINGS, SETTINGS_KEY, parseSettings, type Settings } from '@/utils/settings';
import { chooseMessages, onLanguageChange, type ChosenMessages, type LanguageOptions, type ReadMessages } from '@/utils/i18n/chosen';
import { createPlainGetMessage } from '@/utils/i18n/messages';
import { startHealthReport } from './health';
import './style.css';

/**
 * The content script on X: thin wiring of utils/x/ to the page and the background. One
 * MutationObserver; new posts decorated before they paint, other changes batched per animation
 * frame; nothing heavy (no Preact, no Dexie). The press flow, the saved-state lookups and the health
 * report are utils/x/press.ts, saved-state-queue.ts and health-report.ts. Everything it starts is tied
 * to WXT's context: when the extension is updated or reloaded under an open tab, the old script stops
 * its observer, listeners and timers and takes its buttons off, so the new one shows the only buttons.
 */

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    // The language first (the options page may have chosen one), then the buttons in it.
    // A content script cannot fetch the package's _locales without exposing them to every web page
    // (web_accessible_resources), so it asks the background for them (docs/i18n.md).
    chooseMessages(LANGUAGE)
      .then((chosen) => {
        if (!ctx.isInvalid) start(chosen, ctx);
      })
      .catch((error: unknown) => console.debug('[LGA Guide Clipper] not started', error));
  },
});

const LANGUAGE: LanguageOptions & { read: ReadMessages } = {
  read: createPlainGetMessage,
  load: async (locale) => {
    const reply = await sendRequest<'localeMessages'>({ type: 'localeMessages', locale });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value.messages;
  },
};

/** The content script's texts: keys of en_GB.yml that take no argument, each looked up as it is. */
type Key = { [K in keyof GeneratedI18nStructure]: GeneratedI18nStructure[K] extends { substitutions: 0; plural: false } ? K : never }[keyof GeneratedI18nStructure];
const textsOf = ({ getMessage }: ChosenMessages) => (key: Key) => getMessage(key.replaceAll('.', '_'));

function labels(chosen: ChosenMessages): ButtonLabels {
  const t = textsOf(chosen);
  return {
    lang: chosen.locale,
    send: t('button.send'),
    saved: t('button.saved'),
    savedShort: t('button.savedShort'),
    saving: t('button.saving'),
    removing: t('button.removing'),
    tooltipSend: t('button.tooltipSend'),
    tooltipSaved: t('button.tooltipSaved'),
    undo: t('button.undo'),
    undoLabel: t('button.undoLabel'),
    errors: {
      storageFull: t('button.errorStorageFull'),
      unreadable: t('button.errorUnreadable'),
      unreachable: t('button.errorUnreachable'),
      generic: t('button.errorGeneric'),
    },
  };
}

function start(chosen: ChosenMessages, ctx: ContentScriptContext) {
  let lang = chosen.locale;
  let t = textsOf(chosen);
  let frame = 0;
  // The main-world reader of X's responses (entrypoints/x-data.content.ts): its record of a post goes with the clip.
  const xData = xDataChannel({ target: document, CustomEvent });

  // The library's saved posts as a filter (utils/x/saved-filter.ts), asked for once (and again after a
  // large import): a post it does not hold is surely unsaved. Posts saved since it was made are known
  // from the change feed, whose every change the injector keeps, so the filter is never asked about them.
  let mayBeSaved: ((id: string) => boolean) | null = null;
  let filters = 0;
  const loadFilter = () => {
    const asked = ++filters;
    mayBeSaved = null;
    void sendRequest<'savedFilter'>({ type: 'savedFilter' }).then((reply) => {
      if (reply.ok && asked === filters) mayBeSaved = savedFilterTest(reply.value);
    });
  };
  loadFilter();

  const injector = new Injector({
    doc: document,
    matcher: createTagMatcher(DEFAULT_SETTINGS.trackedTags),
    labels: labels(chosen),
    requestSavedStates: (ids) => lookups.ask(ids),
    surelyUnsaved: (id) => !!mayBeSaved && !mayBeSaved(id),
    onPress: (action, postId, article) => void presses.press(action, postId, article),
  });

  // Saved-state lookups go over one port, opened again on demand when the browser stops the worker.
  const lookUp = portLookups(() => browser.runtime.connect({ name: LOOKUP_PORT }));
  const lookups = createSavedStateQueue({
    lookUp: (postIds) => lookUp({ type: 'savedState', postIds }),
    answer: (saved, unsaved) => {
      injector.setSaved(saved, true);
      injector.setSaved(unsaved, false);
    },
    failed: (postIds) => injector.forgetPending(postIds),
    // Plain timers that do nothing once the context is invalid: WXT's own keep a listener per call.
    later: (callback, ms) => setTimeout(() => ctx.isInvalid || callback(), ms),
    maxIds: MAX_IDS_PER_LOOKUP,
    // While posts stream in, a message at most every 100 ms: each costs X's page a few hundred microseconds.
    gapMs: 100,
    now: () => performance.now(),
  });

  const presses = createPressFlow({
    view: injector,
    extract: (article) =>
      extractPost(article, {
        pageUrl: location.href,
        capturedAt: new Date().toISOString(),
        extensionVersion: browser.runtime.getManifest().version,
      }),
    clip: (snapshot) => sendRequest<'clip'>({ type: 'clip', snapshot, xData: xData.ask(snapshot.postId) }),
    unclip: (postId) => sendRequest<'unclip'>({ type: 'unclip', postId }),
    restore: (postId) => sendRequest<'restore'>({ type: 'restore', postId }),
    savedState: (postIds) => sendRequest<'savedState'>({ type: 'savedState', postIds }),
    notify: (what) => showToast(document, t(what === 'saved' ? 'toast.saved' : 'button.removed'), undefined, lang),
    setTimeout: (callback, ms) => ctx.setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as number | undefined),
    sleep: (ms) => new Promise((resolve) => ctx.setTimeout(resolve, ms)),
  });

  const health = startHealthReport(ctx, injector, xData);

  // --- the page: one observer, one flush per animation frame -------------------------------------
  const schedule = () => {
    // A plain frame that does nothing once the context is invalid (WXT's keeps a listener per call).
    if (frame === 0) frame = requestAnimationFrame(() => ctx.isInvalid || flush());
  };
  const flush = () => {
    frame = 0;
    injector.flush();
    health.soon(); // counted in an idle moment, at most every two seconds; sent only when changed
    // The flush's own records (buttons put in) are read now, and found to be no news, rather than
    // calling the observer back once more for them.
    if (injector.noteFlushMutations(observer.takeRecords())) schedule();
  };
  const observer = new MutationObserver((records) => {
    if (!injector.noteMutations(records)) return;
    // A post new on the page gets its button before its first paint (no flash, no layout shift);
    // changes to posts already decorated wait for the next animation frame, batched.
    if (injector.hasNewArticles) {
      cancelAnimationFrame(frame);
      flush();
    } else schedule();
  });
  const observe = () =>
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['href'], // an article reused for another post changes its permalink
    });

  function apply(settings: Settings) {
    if (ctx.isInvalid) return;
    health.use(settings.showButton ? settings.trackedTags : null);
    if (!settings.showButton) {
      observer.disconnect();
      injector.removeAll();
      return;
    }
    injector.setMatcher(createTagMatcher(settings.trackedTags));
    xData.sendTags(settings.trackedTags);
    observe();
    schedule();
  }

  // --- other tabs and pages: saves and removals arrive through storage ----------------------------
  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    if (changes[SETTINGS_KEY]) apply(parseSettings(changes[SETTINGS_KEY].newValue));
    const feed = changes[CHANGE_FEED_KEY];
    if (!feed) return;
    for (const change of readChangeFeed(feed.newValue)) {
      presses.noteNews(change.postId, change.saved);
      injector.setSaved([change.postId], change.saved);
    }
    // Too many posts changed to list (a large import): ask again about every post shown.
    if (feedAsksResync(feed.newValue)) {
      loadFilter();
      lookups.ask(injector.shownPostIds().filter((id) => !presses.isPressing(id)));
    }
  };
  browser.storage.onChanged.addListener(onStorage);

  // --- the language chosen in options: the buttons already on the page change at once ------------
  const stopLanguage = onLanguageChange(() => {
    void chooseMessages(LANGUAGE).then((next) => {
      if (ctx.isInvalid) return;
      lang = next.locale;
      t = textsOf(next);
      injector.setLabels(labels(next));
    });
  });

  // Clicks and keys on our buttons, heard on the document before X's own listeners (one pair for every host).
  ctx.addEventListener(document, 'click', injector.hostEvents, { capture: true });
  ctx.addEventListener(document, 'keydown', injector.hostEvents, { capture: true });

  // --- keyboard shortcut and context menu ---------------------------------------------------------
  let contextTarget: WeakRef<Element> | undefined;
  ctx.addEventListener(document, 'contextmenu', (event) => {
    contextTarget = event.target instanceof Element ? new WeakRef(event.target) : undefined;
  }, { capture: true, passive: true });

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return;
    const type = (message as TabMessage | undefined)?.type;
    if (type !== 'clipFocused' && type !== 'clipContextTarget') return;
    const from = type === 'clipFocused' ? document.activeElement : contextTarget?.deref() ?? null;
    const post = injector.decoratedArticleOf(from);
    if (!post) {
      showToast(document, t('toast.noTaggedPost'), undefined, lang);
      return;
    }
    const state = injector.viewOf(post.postId)?.state;
    if (state === 'saved') showToast(document, t('toast.alreadySaved'), undefined, lang);
    else if (state === 'unsaved') void presses.press('clip', post.postId, post.article);
  };
  browser.runtime.onMessage.addListener(onMessage);

  // A newer copy of this script replaces this one (an update or reload): stop, and leave no button behind.
  // The browser's listeners may already be gone with the old extension: each step is tried alone.
  ctx.onInvalidated(() => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    injector.removeAll();
    for (const stop of [() => browser.storage.onChanged.removeListener(onStorage), () => browser.runtime.onMessage.removeListener(onMessage), stopLanguage]) {
      try {
        stop();
      } catch {
        // nothing left to stop
      }
    }
  });

  // Posts already on the page get their buttons as soon as the settings are read (apply() marks them all).
  void browser.storage.local.get(SETTINGS_KEY).then(
    (stored) => apply(parseSettings(stored[SETTINGS_KEY])),
    () => apply(DEFAULT_SETTINGS),
  );
}
