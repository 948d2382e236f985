import { afterEach, describe, expect, it, vi } from 'vitest';
import { Injector, type PressAction } from './injector';
import { createTagMatcher } from './match';
import { HOST_ATTR, POST_ATTR, hostParts, type ButtonLabels } from './button';
import { actionBarOf, postIdOf } from './selectors';
import { expectedButtons, installXApp, loadIntoDocument, renderPost, renderTimelinePage, samplePosts } from '@/tests/fixtures/x/posts.mjs';

/**
 * The Injector on a whole X-shaped page from our own fixtures (tests/fixtures/x/posts.mjs), with X's
 * ways of changing its DOM played by window.__x and reported through a real MutationObserver, as the
 * content script wires it: observer → noteMutations(), then flush() (once per frame in the page).
 */

const LABELS: ButtonLabels = {
  send: 'Send to LGA guide',
  saved: 'Saved to LGA guide',
  savedShort: 'Saved',
  saving: 'Saving to LGA guide',
  removing: 'Removing from LGA guide',
  tooltipSend: 'Send to LGA guide',
  tooltipSaved: 'Saved to LGA guide: press to remove',
  undo: 'Undo',
  undoLabel: 'Undo removal from LGA guide',
  errors: {
    storageFull: 'Not saved: browser storage is full',
    unreadable: 'Not saved: this post could not be read',
    unreachable: 'Not saved: the extension is not responding',
    generic: 'Not saved: something went wrong',
  },
};

const S = samplePosts;
const ALL = Object.values(samplePosts);
type Post = (typeof ALL)[number];
const untaggedIds = ALL.filter((p) => !p.tagged).map((p) => p.id);

let x: ReturnType<typeof installXApp>;
let injector: Injector;
let observer: MutationObserver;
let requestSavedStates: ReturnType<typeof vi.fn<(ids: string[]) => void>>;
let onPress: ReturnType<typeof vi.fn<(action: PressAction, postId: string, article: Element) => void>>;

/** Opens an X page made from `posts`, installs window.__x and starts an Injector on it, as the content script does. */
function open(posts: Post[] = ALL, options: Parameters<typeof renderTimelinePage>[1] = {}, surelyUnsaved?: (postId: string) => boolean) {
  for (const type of ['click', 'keydown']) if (injector) document.removeEventListener(type, injector.hostEvents, true);
  history.replaceState(null, '', options.path ?? '/home');
  loadIntoDocument(document, renderTimelinePage(posts, options));
  x = installXApp(window);
  requestSavedStates = vi.fn<(ids: string[]) => void>();
  onPress = vi.fn<(action: PressAction, postId: string, article: Element) => void>();
  injector = new Injector({ doc: document, matcher: createTagMatcher(['lgadigital']), labels: LABELS, requestSavedStates, onPress, surelyUnsaved });
  // As the content script does: the hosts' clicks and keys, heard on the document before X's listeners.
  for (const type of ['click', 'keydown']) document.addEventListener(type, injector.hostEvents, true);
  observer = new MutationObserver((records) => injector.noteMutations(records));
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href'] });
  injector.markAll();
  injector.flush();
}

afterEach(() => {
  for (const type of ['click', 'keydown']) if (injector) document.removeEventListener(type, injector.hostEvents, true);
  observer?.disconnect();
  x?.dispose();
});

/** Lets the observer report what X did (happy-dom delivers records later), then flushes as the next frame would. */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  injector.noteMutations(observer.takeRecords());
  injector.flush();
}

/** Every button host on the page, or those of one post. */
function hosts(postId?: string): HTMLElement[] {
  const selector = postId ? `[${HOST_ATTR}][${POST_ATTR}="${postId}"]` : `[${HOST_ATTR}]`;
  return [...document.querySelectorAll<HTMLElement>(selector)];
}
/** The post ids of the buttons on the page, in page order. */
function decorated(): string[] {
  return hosts().map((h) => h.getAttribute(POST_ATTR) ?? '');
}
function articleOf(postId: string): Element {
  const article = [...document.querySelectorAll('article[data-testid="tweet"]')].find((a) => postIdOf(a) === postId);
  if (!article) throw new Error(`no article for ${postId}`);
  return article;
}
function pressed(postId: string): Array<string | null> {
  return hosts(postId).map((h) => hostParts(h).button.getAttribute('aria-pressed'));
}
function other(post: Post, id: string): Post {
  return { ...post, id };
}

describe('decorating an X timeline', () => {
  it('puts exactly one button on every tagged post, in its own action bar, and none elsewhere', () => {
    open();
    expect(decorated()).toEqual(expectedButtons);
    for (const id of expectedButtons) {
      const [host] = hosts(id);
      const article = articleOf(id);
      expect(host?.parentElement).toBe(actionBarOf(article));
      expect(host?.closest('article')).toBe(article);
    }
    for (const id of untaggedIds) expect(hosts(id)).toEqual([]);
    // The sidebar's trend "#lgadigital" is no post: nothing outside articles.
    expect(document.querySelector('[data-testid="trend"]')?.textContent).toContain('#lgadigital');
    expect(hosts().every((h) => h.closest('article[data-testid="tweet"]'))).toBe(true);
    expect(injector.stats).toEqual({ readable: expectedButtons.length, unreadable: 0 });
  });

  it('a quote of a tagged post gets one button, on the outer post; the quoted block gets none', () => {
    open([S.quotesTagged, S.taggedQuotingUntagged]);
    expect(decorated()).toEqual([S.quotesTagged.id, S.taggedQuotingUntagged.id]);
    expect(document.querySelector('div[role="link"] [data-lga-host]')).toBeNull();
  });

  it('on a post page, the tag only in a reply further down buttons the reply, not the post above', () => {
    const root = { ...S.untagged, focal: true };
    const reply = { ...S.reply, replyTo: [root.handle] };
    open([root, reply], { path: `/${root.handle}/status/${root.id}` });
    expect(document.querySelector('[aria-label="Timeline: Conversation"]')).not.toBeNull();
    expect(decorated()).toEqual([reply.id]);
  });

  it('asks for saved states once per flush, all unknown ids in one batch, and never again for ids it knows', async () => {
    open();
    expect(requestSavedStates).toHaveBeenCalledTimes(1);
    expect(requestSavedStates).toHaveBeenCalledWith(expectedButtons);

    injector.markAll();
    injector.flush(); // still waiting for the answer: no second request
    expect(requestSavedStates).toHaveBeenCalledTimes(1);

    injector.setSaved(expectedButtons, false);
    injector.markAll();
    injector.flush();
    expect(requestSavedStates).toHaveBeenCalledTimes(1);

    // X loads more: one known post again, two new tagged ones and an untagged one, in one frame.
    const fresh = [other(S.hashflag, '1846209999999990001'), other(S.gif, '1846209999999990002')];
    await x.append([renderPost(S.fourPhotos), ...fresh.map((p) => renderPost(p)), renderPost(other(S.untagged, '1846209999999990003'))], 10);
    await settle();
    expect(requestSavedStates).toHaveBeenCalledTimes(2);
    expect(requestSavedStates).toHaveBeenLastCalledWith(fresh.map((p) => p.id));
  });

  it('shows a post the saved filter does not hold as unsaved at once, and looks up only the others', async () => {
    const maybeSaved = new Set([S.fourPhotos.id]);
    open(ALL, {}, (id) => !maybeSaved.has(id));
    expect(requestSavedStates).toHaveBeenCalledTimes(1);
    expect(requestSavedStates).toHaveBeenCalledWith([S.fourPhotos.id]);
    for (const id of expectedButtons) expect(hosts(id)[0]!.dataset.state).toBe(id === S.fourPhotos.id ? 'unknown' : 'unsaved');
    expect(pressed(S.hashflag.id)).toEqual(['false']);
    // A post the page already knows keeps what it knows, whatever the filter says.
    injector.setSaved([S.fourPhotos.id], true);
    maybeSaved.clear();
    await x.append([renderPost(S.fourPhotos)]);
    await settle();
    expect(hosts(S.fourPhotos.id).map((h) => h.dataset.state)).toEqual(['saved', 'saved']);
    expect(requestSavedStates).toHaveBeenCalledTimes(1);
  });

  it('keeps a button invisible until its state is known, then shows it on every host of that post', async () => {
    open();
    expect(hosts().map((h) => h.dataset.state)).toEqual(expectedButtons.map(() => 'unknown'));
    // The same post twice on the page (it is in the timeline and in a later cell too).
    await x.append([renderPost(S.fourPhotos)]);
    await settle();
    expect(hosts(S.fourPhotos.id)).toHaveLength(2);

    injector.setSaved([S.fourPhotos.id], true);
    injector.setSaved(
      expectedButtons.filter((id) => id !== S.fourPhotos.id),
      false,
    );
    expect(pressed(S.fourPhotos.id)).toEqual(['true', 'true']);
    for (const host of hosts(S.fourPhotos.id)) {
      expect(host.dataset.state).toBe('saved');
      expect(hostParts(host).button.getAttribute('aria-label')).toBe('Saved to LGA guide');
    }
    expect(pressed(S.hashflag.id)).toEqual(['false']);
    expect(hostParts(hosts(S.hashflag.id)[0]!).button.getAttribute('aria-label')).toBe('Send to LGA guide');
  });

  it('is not woken by its own nodes or by its own state changes', async () => {
    open();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(injector.noteMutations(observer.takeRecords())).toBe(false);
    injector.setSaved(expectedButtons, true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(injector.noteMutations(observer.takeRecords())).toBe(false);
    expect(injector.hasWork).toBe(false);
  });

  it('takes a flush’s own hosts for no news from their records alone, and still sees a change of X’s among them', () => {
    open();
    injector.removeAll();
    const mo = new MutationObserver(() => {});
    mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href'] });
    injector.markAll();
    injector.flush(); // the buttons go in again
    const own = mo.takeRecords();
    expect(own.length).toBe(expectedButtons.length);
    expect(injector.noteFlushMutations(own)).toBe(false);
    expect(injector.hasWork).toBe(false);

    injector.removeAll();
    injector.markAll();
    injector.flush();
    articleOf(S.untagged.id).querySelector('[data-testid="tweetText"]')!.append(' #lgadigital');
    expect(injector.noteFlushMutations(mo.takeRecords())).toBe(true);
    injector.flush();
    expect(hosts(S.untagged.id)).toHaveLength(1);
    mo.disconnect();
  });

  it('is not woken by a decorated post’s counts or time changing in place, but is by its text', async () => {
    open();
    const article = articleOf(S.taggedLink.id);
    const counts = [...actionBarOf(article)!.querySelectorAll('span')].flatMap((s) => [...s.childNodes]).filter((n) => n.nodeType === 3 && /^\d/.test(n.nodeValue ?? ''));
    expect(counts.length).toBeGreaterThan(0);
    for (const t of counts) t.nodeValue = `${t.nodeValue}1`;
    const time = article.querySelector('time')!.firstChild!;
    time.nodeValue = '5m';
    await new Promise((resolve) => setTimeout(resolve, 0)); // the observer hands the records to noteMutations
    injector.noteMutations(observer.takeRecords());
    expect(injector.hasWork).toBe(false);

    // Its text changed in place (no node added or removed): the tag may have gone, so it is looked at again.
    const text = article.querySelector('[data-testid="tweetText"]')!;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) t.nodeValue = (t.nodeValue ?? '').replace(/#lgadigital/gi, 'lgadigital');
    for (const a of text.querySelectorAll('a[href*="/hashtag/"]')) a.setAttribute('href', '/search?q=lgadigital');
    await new Promise((resolve) => setTimeout(resolve, 0));
    injector.noteMutations(observer.takeRecords());
    expect(injector.hasWork).toBe(true);
    injector.flush();
    expect(hosts(S.taggedLink.id)).toEqual([]);
  });

  it('a text change in an untagged post that adds the tag in place gives it its button', async () => {
    open();
    const article = articleOf(S.untagged.id);
    const text = article.querySelector('[data-testid="tweetText"]')!;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const first = walker.nextNode()!;
    first.nodeValue = `${first.nodeValue} #lgadigital`;
    await settle();
    expect(hosts(S.untagged.id)).toHaveLength(1);
  });

  it('counts a tagged post it cannot read (no post id) and leaves it alone, without throwing', async () => {
    open([S.taggedLink]);
    const unreadable = renderPost(other(S.plainText, '1846209999999990009')).replace(/\/status\/\d+(?:\/analytics)?/g, '');
    await x.append([unreadable]);
    await settle();
    expect(decorated()).toEqual([S.taggedLink.id]);
    expect(injector.stats).toEqual({ readable: 1, unreadable: 1 });
    // It lacked its own link (so its id).
    expect(injector.missing).toEqual({ link: 1, actionBar: 0 });
  });
});

describe('X recycling, re-rendering and replacing its DOM', () => {
  it('a cell scrolled away and back: the same button, no duplicate, its state kept', async () => {
    open();
    injector.setSaved([S.fourPhotos.id], true);
    const [before] = hosts(S.fourPhotos.id);

    expect(x.removeCell(S.fourPhotos.id)).toBe(true);
    await settle();
    expect(hosts(S.fourPhotos.id)).toEqual([]);

    expect(x.readdCell(S.fourPhotos.id)).toBe(true);
    await settle();
    expect(hosts(S.fourPhotos.id)).toEqual([before]);
    expect(pressed(S.fourPhotos.id)).toEqual(['true']);
    expect(decorated()).toEqual(expectedButtons);
    expect(requestSavedStates).toHaveBeenCalledTimes(1);
  });

  it('a post saved in another tab while its cell is scrolled away shows saved when the cell comes back', async () => {
    open();
    injector.setSaved(expectedButtons, false);
    expect(x.removeCell(S.fourPhotos.id)).toBe(true);
    await settle();
    injector.setSaved([S.fourPhotos.id], true); // the change feed, while the cell is detached
    expect(x.readdCell(S.fourPhotos.id)).toBe(true);
    await settle();
    expect(pressed(S.fourPhotos.id)).toEqual(['true']);
    expect(hosts(S.fourPhotos.id)).toHaveLength(1);
  });

  it('once an article shows another post, a state change of the old post leaves its button alone', async () => {
    open();
    injector.setSaved(expectedButtons, false);
    const next = other(S.emoji, '1846209999999990012');
    expect(x.reuse(S.fourPhotos.id, renderPost(next))).toBe(true);
    await settle();
    injector.setSaved([next.id], false);
    injector.setSaved([S.fourPhotos.id], true);
    expect(pressed(next.id)).toEqual(['false']);
    expect(hosts(S.fourPhotos.id)).toEqual([]);
  });

  it('an article re-rendered in place, our button swept away with its children: exactly one comes back, state kept', async () => {
    open();
    injector.setSaved([S.fourPhotos.id], true);
    const article = articleOf(S.fourPhotos.id);

    expect(x.rerender(S.fourPhotos.id, renderPost({ ...S.fourPhotos, counts: { ...S.fourPhotos.counts, likes: 999 } }))).toBe(true);
    expect(hosts(S.fourPhotos.id)).toEqual([]); // gone with the old children
    await settle();

    expect(articleOf(S.fourPhotos.id)).toBe(article); // the same node, re-rendered
    expect(hosts(S.fourPhotos.id)).toHaveLength(1);
    expect(hosts(S.fourPhotos.id)[0]?.parentElement?.getAttribute('aria-label')).toContain('999 likes');
    expect(pressed(S.fourPhotos.id)).toEqual(['true']);
    expect(requestSavedStates).toHaveBeenCalledTimes(1);
  });

  it('a button taken out of the action bar by X\'s code alone comes back, once, with its state', async () => {
    open();
    injector.setSaved([S.fourPhotos.id], true);
    hosts(S.fourPhotos.id)[0]!.remove();
    await settle();
    expect(hosts(S.fourPhotos.id)).toHaveLength(1);
    expect(pressed(S.fourPhotos.id)).toEqual(['true']);
    expect(decorated()).toEqual(expectedButtons);
    // Putting it back was the injector's own doing: nothing more to do.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(injector.noteMutations(observer.takeRecords())).toBe(false);
  });

  it('an article patched in place with our button left where it was: still exactly one', async () => {
    open();
    injector.setSaved([S.fourPhotos.id], true);
    const [before] = hosts(S.fourPhotos.id);
    x.rerender(S.fourPhotos.id, renderPost({ ...S.fourPhotos, counts: { ...S.fourPhotos.counts, likes: 1000 } }), { keepForeign: true });
    await settle();
    expect(hosts(S.fourPhotos.id)).toEqual([before]);
    expect(before?.parentElement?.getAttribute('aria-label')).toContain('1000 likes');
  });

  it('an article reused for another tagged post: the button follows the new post', async () => {
    open();
    injector.setSaved(expectedButtons, false);
    injector.setSaved([S.fourPhotos.id], true);
    const article = articleOf(S.fourPhotos.id);
    const next = other(S.emoji, '1846209999999990011');

    expect(x.reuse(S.fourPhotos.id, renderPost(next))).toBe(true);
    await settle();

    expect(articleOf(next.id)).toBe(article); // same node, now another post
    expect(hosts(S.fourPhotos.id)).toEqual([]);
    expect(hosts(next.id)).toHaveLength(1);
    expect(article.querySelectorAll('[data-lga-host]')).toHaveLength(1);
    expect(hosts(next.id)[0]?.dataset.state).toBe('unknown'); // never the old post's "saved"
    expect(requestSavedStates).toHaveBeenLastCalledWith([next.id]);

    injector.setSaved([next.id], false);
    expect(pressed(next.id)).toEqual(['false']);
  });

  it('an article patched into another post of the same shape keeps our node, re-pointed to the new post', async () => {
    open();
    injector.setSaved([S.taggedLink.id], true);
    const [host] = hosts(S.taggedLink.id);
    const next = other(S.plainText, '1846209999999990013');
    x.reuse(S.taggedLink.id, renderPost(next));
    // React left our node in place: until the flush it still names the old post.
    expect(host?.isConnected).toBe(true);
    expect(host?.getAttribute(POST_ATTR)).toBe(S.taggedLink.id);
    await settle();
    expect(hosts(next.id)).toEqual([host]);
    expect(hosts(S.taggedLink.id)).toEqual([]);
    expect(host?.dataset.state).toBe('unknown');
    expect(hostParts(host!).button.getAttribute('aria-pressed')).toBe('false');
  });

  it('an article reused for an untagged post: the button goes', async () => {
    open();
    const article = articleOf(S.fourPhotos.id);
    const plain = other(S.untagged, '1846209999999990012');
    x.reuse(S.fourPhotos.id, renderPost(plain));
    await settle();
    expect(articleOf(plain.id)).toBe(article);
    expect(article.querySelector('[data-lga-host]')).toBeNull();
    expect(decorated()).toEqual(expectedButtons.filter((id) => id !== S.fourPhotos.id));
  });

  it('a post whose text is edited in place loses its button with its tag, and gets it back', async () => {
    open();
    x.reuse(S.taggedLink.id, renderPost({ ...S.taggedLink, parts: [{ text: 'Gritters are out tonight on all priority routes.' }] }));
    await settle();
    expect(hosts(S.taggedLink.id)).toEqual([]);
    x.reuse(S.taggedLink.id, renderPost(S.taggedLink));
    await settle();
    expect(hosts(S.taggedLink.id)).toHaveLength(1);
  });

  it('navigation replaces the timeline: buttons for the new posts with known states; back and forward restore', async () => {
    open();
    injector.setSaved(expectedButtons, false);
    injector.setSaved([S.fourPhotos.id], true);
    const oldSection = document.querySelector('[data-testid="primaryColumn"] section');

    x.navigate('/search?q=%23lgadigital', [S.fourPhotos, S.hashflag, S.untagged].map((p) => renderPost(p)));
    await settle();
    expect(location.pathname + location.search).toBe('/search?q=%23lgadigital');
    expect(document.querySelector('[data-testid="primaryColumn"] section')).not.toBe(oldSection);
    expect(document.querySelector('[aria-label="Timeline: Search timeline"]')).not.toBeNull();
    expect(decorated()).toEqual([S.fourPhotos.id, S.hashflag.id]);
    expect(pressed(S.fourPhotos.id)).toEqual(['true']);
    expect(pressed(S.hashflag.id)).toEqual(['false']);
    expect(requestSavedStates).toHaveBeenCalledTimes(1); // all known

    const back = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    history.back();
    await back;
    await settle();
    expect(location.pathname).toBe('/home');
    expect(decorated()).toEqual(expectedButtons);
    expect(pressed(S.fourPhotos.id)).toEqual(['true']);

    const forward = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    history.forward();
    await forward;
    await settle();
    expect(decorated()).toEqual([S.fourPhotos.id, S.hashflag.id]);
  });

  it('decorates cells appended in batches over several frames', async () => {
    open([]);
    const many = Array.from({ length: 40 }, (_, i) => other(i % 3 === 0 ? S.untagged : S.taggedAbsolute, String(1846300000000000000n + BigInt(i))));
    await x.append(
      many.map((p) => renderPost(p)),
      7,
    );
    await settle();
    expect(decorated()).toEqual(many.filter((p) => p.tagged).map((p) => p.id));
    expect(requestSavedStates).toHaveBeenCalledTimes(1);
  });
});

describe('window.__x, the page side of these tests', () => {
  it('lists its cells in order, placed one under another, and reports what it cannot find', () => {
    open([S.taggedLink, S.untagged, S.card]);
    expect(x.ids()).toEqual([S.taggedLink.id, S.untagged.id, S.card.id]);
    const cells = [...document.querySelectorAll<HTMLElement>('[data-testid="cellInnerDiv"]')];
    // happy-dom lays nothing out, so each cell counts as 320px high.
    expect(cells.map((c) => c.style.transform)).toEqual(['translateY(0px)', 'translateY(320px)', 'translateY(640px)']);
    expect(x.removeCell('1')).toBe(false);
    expect(x.readdCell(S.taggedLink.id)).toBe(false);
    expect(x.reuse('1', renderPost(S.untagged))).toBe(false);
    expect((window as unknown as { __x: unknown }).__x).toBe(x);
  });
});

describe('settings and presses', () => {
  it('a new set of tracked tags moves the buttons; removeAll takes them all off', () => {
    open();
    injector.setMatcher(createTagMatcher(['#Cymraeg']));
    injector.flush();
    expect(decorated()).toEqual([S.welsh.id]);
    injector.setMatcher(createTagMatcher(['lgadigital']));
    injector.flush();
    expect(decorated()).toEqual(expectedButtons);
    injector.removeAll();
    expect(hosts()).toEqual([]);
  });

  it('a press calls onPress with the action, the post and its article, and never reaches the article (X would open the post)', () => {
    open();
    injector.setSaved(expectedButtons, false);
    const host = hosts(S.hashflag.id)[0]!;
    const article = articleOf(S.hashflag.id);
    const articleClicks = vi.fn();
    article.addEventListener('click', articleClicks);
    const keys = vi.fn();
    document.addEventListener('keydown', keys);

    hostParts(host).button.click();
    expect(onPress).toHaveBeenCalledTimes(1);
    expect(onPress).toHaveBeenCalledWith('clip', S.hashflag.id, article);
    expect(articleClicks).not.toHaveBeenCalled();
    expect(x.opened).toEqual([]);
    expect(location.pathname).toBe('/home');

    injector.setSaved([S.hashflag.id], true);
    hostParts(host).button.click();
    expect(onPress).toHaveBeenLastCalledWith('unclip', S.hashflag.id, article);

    // X's keyboard shortcuts listen on the document: Enter on our button stays ours.
    hostParts(host).button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(keys).not.toHaveBeenCalled();
    document.removeEventListener('keydown', keys);

    expect(injector.decoratedArticleOf(article.querySelector('[data-testid="tweetText"]'))).toEqual({ article, postId: S.hashflag.id });

    // The page would have opened the post: a click on the post's text does.
    (article.querySelector('[data-testid="tweetText"]') as HTMLElement).click();
    expect(x.opened).toEqual([S.hashflag.id]);
    expect(location.pathname).toBe(`/${S.hashflag.handle}/status/${S.hashflag.id}`);
  });

  it('a click on the host beside its buttons (its message) is X’s, as a click anywhere else in the post', () => {
    open();
    injector.setSaved(expectedButtons, false);
    const host = hosts(S.hashflag.id)[0]!;
    const article = articleOf(S.hashflag.id);
    const articleClicks = vi.fn();
    article.addEventListener('click', articleClicks);
    hostParts(host).message.click();
    expect(articleClicks).toHaveBeenCalledTimes(1);
    expect(onPress).not.toHaveBeenCalled();
    expect(x.opened).toEqual([S.hashflag.id]); // X opened the post, as for a click on its text
    // Undo is ours: it shows after a removal (on the timeline again).
    open();
    const again = hosts(S.hashflag.id)[0]!;
    const itsArticle = articleOf(S.hashflag.id);
    const clicksThere = vi.fn();
    itsArticle.addEventListener('click', clicksThere);
    injector.setView(S.hashflag.id, { state: 'unsaved', undo: true });
    hostParts(again).undo.click();
    expect(onPress).toHaveBeenCalledWith('undo', S.hashflag.id, itsArticle);
    expect(clicksThere).not.toHaveBeenCalled();
    expect(x.opened).toEqual([]);
  });

  it('a press while the state is unknown does nothing yet', () => {
    open();
    hostParts(hosts(S.hashflag.id)[0]!).button.click();
    expect(onPress).not.toHaveBeenCalled();
  });
});

describe('a change of language', () => {
  it('relabels every button at once, in its own state, with the language on its host', () => {
    open();
    injector.setSaved([S.fourPhotos.id], true);
    injector.setSaved(expectedButtons.filter((id) => id !== S.fourPhotos.id), false);
    const welsh: ButtonLabels = { ...LABELS, send: "Anfon i ganllaw'r LGA", saved: "Wedi'i chadw yng nghanllaw'r LGA", savedShort: "Wedi'i chadw", lang: 'cy' };
    injector.setLabels(welsh);
    const hosts = [...document.querySelectorAll<HTMLElement>(`[${HOST_ATTR}][${POST_ATTR}]`)];
    expect(hosts.length).toBe(expectedButtons.length);
    for (const host of hosts) {
      const saved = host.getAttribute(POST_ATTR) === S.fourPhotos.id;
      expect(hostParts(host).button.getAttribute('aria-label')).toBe(saved ? welsh.saved : welsh.send);
      expect(host.lang).toBe('cy');
    }
  });
});

