import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { i18n } from '#i18n';
import { createTagMatcher } from '@/utils/x/match';
import { Injector, type PressAction } from '@/utils/x/injector';
import { extractPost } from '@/utils/x/extract';
import { showToast } from '@/utils/x/toast';
import type { ButtonLabels } from '@/utils/x/button';
import { sendRequest } from '@/utils/messaging/client';
import { CHANGE_FEED_KEY, MAX_IDS_PER_LOOKUP, type TabMessage } from '@/utils/messaging/protocol';
import { readChangeFeed } from '@/utils/messaging/change-feed';
import { DEFAULT_SETTINGS, SETTINGS_KEY, parseSettings, type Settings } from '@/utils/settings';
import { onLanguageChange, setUpLanguage, type LanguageOptions } from '@/utils/i18n/language';
import './style.css';

/**
 * The content script on X: thin wiring of utils/x/ to the page and the background. One
 * MutationObserver; new posts decorated before they paint, other changes batched per animation
 * frame; nothing heavy (no Preact, no Dexie).
 */
const UNDO_MS = 12_000;

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  runAt: 'document_idle',
  main() {
    // The language first (the options page may have chosen one), then the buttons in it.
    // A content script cannot fetch the package's _locales without exposing them to every web page
    // (web_accessible_resources), so it asks the background for them (docs/i18n.md).
    setUpLanguage(LANGUAGE)
      .then((lang) => start(lang))
      .catch((error: unknown) => console.debug('[LGA Guide Clipper] not started', error));
  },
});

const LANGUAGE: LanguageOptions = {
  load: async (locale) => {
    const reply = await sendRequest<'localeMessages'>({ type: 'localeMessages', locale });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value.messages;
  },
};

function labels(lang: string): ButtonLabels {
  return {
    lang,
    send: i18n.t('button.send'),
    saved: i18n.t('button.saved'),
    savedShort: i18n.t('button.savedShort'),
    saving: i18n.t('button.saving'),
    removing: i18n.t('button.removing'),
    tooltipSend: i18n.t('button.tooltipSend'),
    tooltipSaved: i18n.t('button.tooltipSaved'),
    undo: i18n.t('button.undo'),
    undoLabel: i18n.t('button.undoLabel'),
    errors: {
      storageFull: i18n.t('button.errorStorageFull'),
      unreadable: i18n.t('button.errorUnreadable'),
      unreachable: i18n.t('button.errorUnreachable'),
      generic: i18n.t('button.errorGeneric'),
    },
  };
}

function start(initialLang: string) {
  let lang = initialLang;
  let frame = 0;
  const undoTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const injector = new Injector({
    doc: document,
    matcher: createTagMatcher(DEFAULT_SETTINGS.trackedTags),
    labels: labels(lang),
    requestSavedStates: (ids) => lookUp(ids),
    onPress: (action, postId, article) => void press(action, postId, article),
  });

  // Saved-state lookups: one message at a time. Ids asked for while one is on its way wait and go
  // together in the next, so a fast scroll sends a message per round trip, not one per frame (each
  // message costs the page's main thread far more than the ids in it).
  const queued = new Set<string>();
  let lookingUp = false;
  function lookUp(ids: string[]) {
    for (const id of ids) queued.add(id);
    if (lookingUp) return;
    lookingUp = true;
    // Sent from a task of its own, after the frame the posts are decorated in.
    setTimeout(() => void drainLookups(), 0);
  }
  async function drainLookups() {
    try {
      while (queued.size > 0) {
        const batch = [...queued].slice(0, MAX_IDS_PER_LOOKUP);
        for (const id of batch) queued.delete(id);
        const reply = await sendRequest<'savedState'>({ type: 'savedState', postIds: batch });
        if (reply.ok) {
          const saved = new Set(reply.value.saved);
          injector.setSaved(saved, true);
          injector.setSaved(
            batch.filter((id) => !saved.has(id)),
            false,
          );
        } else {
          injector.forgetPending(batch);
        }
      }
    } finally {
      lookingUp = false;
    }
  }

  async function press(action: PressAction, postId: string, article: Element) {
    clearTimeout(undoTimers.get(postId));
    if (action === 'clip') {
      injector.setView(postId, { state: 'saving' });
      const extracted = extractPost(article, {
        pageUrl: location.href,
        capturedAt: new Date().toISOString(),
        extensionVersion: browser.runtime.getManifest().version,
      });
      if (!extracted.ok || extracted.snapshot.postId !== postId) {
        injector.setError(postId, 'unreadable', 'unsaved');
        return;
      }
      const reply = await sendRequest<'clip'>({ type: 'clip', snapshot: extracted.snapshot });
      if (reply.ok) {
        injector.setView(postId, { state: 'saved' });
        showToast(document, i18n.t('toast.saved'), undefined, lang);
      } else {
        const error = reply.error.code === 'storage-full' ? 'storageFull' : reply.error.code === 'unreachable' ? 'unreachable' : 'generic';
        injector.setError(postId, error, 'unsaved');
      }
      return;
    }
    if (action === 'unclip') {
      injector.setView(postId, { state: 'removing' });
      const reply = await sendRequest<'unclip'>({ type: 'unclip', postId });
      if (!reply.ok && reply.error.code !== 'not-found') {
        injector.setError(postId, reply.error.code === 'unreachable' ? 'unreachable' : 'generic', 'saved');
        return;
      }
      injector.setView(postId, { state: 'unsaved', undo: true });
      showToast(document, i18n.t('button.removed'), undefined, lang);
      undoTimers.set(
        postId,
        setTimeout(() => {
          const view = injector.viewOf(postId);
          if (view?.undo) injector.setView(postId, { ...view, undo: false });
        }, UNDO_MS),
      );
      return;
    }
    // undo: bring the clipping back exactly as it was (annotations included)
    injector.setView(postId, { state: 'saving' });
    const reply = await sendRequest<'restore'>({ type: 'restore', postId });
    if (reply.ok) {
      injector.setView(postId, { state: 'saved' });
      showToast(document, i18n.t('toast.saved'), undefined, lang);
    } else {
      injector.setError(postId, reply.error.code === 'unreachable' ? 'unreachable' : 'generic', 'unsaved');
    }
  }

  // --- the page: one observer, one flush per animation frame -------------------------------------
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(flush);
  };
  const flush = () => {
    frame = 0;
    const { unreadable, readable } = injector.stats;
    injector.flush();
    if (injector.stats.unreadable !== unreadable || injector.stats.readable !== readable) reportHealthSoon();
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
    if (!settings.showButton) {
      observer.disconnect();
      injector.removeAll();
      return;
    }
    injector.setMatcher(createTagMatcher(settings.trackedTags));
    observe();
    schedule();
  }

  // --- health: tell the background when tagged posts could not be read (the popup says so) --------
  let healthTimer: ReturnType<typeof setTimeout> | undefined;
  let lastHealth = '';
  function reportHealthSoon() {
    if (healthTimer) return;
    healthTimer = setTimeout(() => {
      healthTimer = undefined;
      const { unreadable, readable } = injector.stats;
      const key = `${unreadable}/${readable}`;
      if (key === lastHealth) return;
      lastHealth = key;
      void sendRequest<'pageHealth'>({ type: 'pageHealth', unreadable, readable });
    }, 2000);
  }

  // --- other tabs and pages: saves and removals arrive through storage ----------------------------
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes[SETTINGS_KEY]) apply(parseSettings(changes[SETTINGS_KEY].newValue));
    const feed = changes[CHANGE_FEED_KEY];
    if (feed) {
      for (const change of readChangeFeed(feed.newValue)) injector.setSaved([change.postId], change.saved);
    }
  });

  // --- the language chosen in options: the buttons already on the page change at once ------------
  onLanguageChange(() => {
    void setUpLanguage(LANGUAGE).then((next) => {
      lang = next;
      injector.setLabels(labels(next));
    });
  });

  // --- keyboard shortcut and context menu ---------------------------------------------------------
  let contextTarget: WeakRef<Element> | undefined;
  document.addEventListener('contextmenu', (event) => {
    contextTarget = event.target instanceof Element ? new WeakRef(event.target) : undefined;
  }, { capture: true, passive: true });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return;
    const type = (message as TabMessage | undefined)?.type;
    if (type !== 'clipFocused' && type !== 'clipContextTarget') return;
    const from = type === 'clipFocused' ? document.activeElement : contextTarget?.deref() ?? null;
    const post = injector.decoratedArticleOf(from);
    if (!post) {
      showToast(document, i18n.t('toast.noTaggedPost'), undefined, lang);
      return;
    }
    const state = injector.viewOf(post.postId)?.state;
    if (state === 'saved') showToast(document, i18n.t('toast.alreadySaved'), undefined, lang);
    else if (state === 'unsaved') void press('clip', post.postId, post.article);
  });

  // Posts already on the page get their buttons as soon as the settings are read (apply() marks them all).
  void browser.storage.local.get(SETTINGS_KEY).then(
    (stored) => apply(parseSettings(stored[SETTINGS_KEY])),
    () => apply(DEFAULT_SETTINGS),
  );
}
