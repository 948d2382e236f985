import { X } from './selectors';
import { postCarriesTagLazily, type TagMatcher } from './match';
import { nextAfter, ownActionBarOf, postIdWith, quotedLookup } from './post-parts';
import { HOST_ATTR, POST_ATTR, createButtonHost, renderButton, undoOf, type ButtonError, type ButtonLabels, type ButtonState, type ButtonView } from './button';

/**
 * Puts exactly one button on every post that carries a tracked hashtag, and keeps it right while X
 * recycles, re-renders and replaces its DOM.
 *
 * Everything is keyed by post id, never by DOM node: an article that React reuses for another post
 * gets that post's button (or none), and a post's state survives its node. Work is only done for
 * articles a mutation touched: new articles at once (in the observer's callback, before the browser
 * paints them), changes to articles already seen batched by the caller once per animation frame.
 * Saved states are asked for in one batch per flush.
 */

export type PressAction = 'clip' | 'unclip' | 'undo';

export interface InjectorOptions {
  doc: Document;
  matcher: TagMatcher;
  labels: ButtonLabels;
  /** Asks the background which of these posts are saved; the answer comes back through setSaved(). */
  requestSavedStates(postIds: string[]): void;
  /**
   * True when a post is surely not saved (utils/x/saved-filter.ts): it then shows unsaved in its first
   * frame, with no lookup. Absent, or false, and the post is looked up.
   */
  surelyUnsaved?(postId: string): boolean;
  onPress(action: PressAction, postId: string, article: Element): void;
}

export interface InjectorStats {
  /** Tagged posts we could not decorate (no id or no action bar): X's markup may have changed. */
  unreadable: number;
  /** Distinct tagged posts that have their button. */
  readable: number;
}

/** Of the unreadable posts, how many lacked each part the button needs. */
export interface MissingParts {
  /** The post's own link (its time), which gives its id. */
  link: number;
  /** The row of buttons under the post, where the button goes. */
  actionBar: number;
}

const ARTICLE = X.article;
const HOST = `[${HOST_ATTR}]`;
const HOST_OR_ARTICLE = `${HOST}, ${ARTICLE}`;
/** The elements whose text decides whether a post is tagged (match.ts), or else the article. */
const TEXT_OR_ARTICLE = `${X.text}, ${X.articleTitle}, ${X.articleBody}, ${ARTICLE}`;
const NO_HOSTS: readonly HTMLElement[] = [];
/** What a host shows until the background says whether its post is saved. */
const UNKNOWN: ButtonView = { state: 'unknown' };
const UNSAVED: ButtonView = { state: 'unsaved' };

export class Injector {
  readonly #doc: Document;
  #matcher: TagMatcher;
  #labels: ButtonLabels;
  readonly #opts: InjectorOptions;
  /** What we know of each post, by id. Posts never asked about are absent. */
  readonly #views = new Map<string, ButtonView>();
  /** Ids asked about and not yet answered. */
  readonly #pending = new Set<string>();
  readonly #dirty = new Set<Element>();
  /** Articles processed at least once: the others are new on the page. */
  readonly #seen = new WeakSet<Element>();
  #fresh = false;
  /** Articles found unreadable, so each is counted once. */
  readonly #unreadableArticles = new WeakSet<Element>();
  readonly #readableIds = new Set<string>();
  /** Hosts this injector took off the page itself: their removal is no news. */
  readonly #takenOff = new WeakSet<Node>();
  /**
   * Our hosts by the post id they show, so a state change touches its post's buttons without a
   * search of X's whole document (a page holds thousands of posts' nodes). Detached hosts are
   * dropped when met; a host that comes back with its cell is tracked again when its article is.
   */
  readonly #hostsById = new Map<string, Set<HTMLElement>>();
  #flushes = 0;
  readonly stats: InjectorStats = { unreadable: 0, readable: 0 };
  /** Which part the unreadable posts lacked: their own link (so no post id), or the row of buttons under them. */
  readonly missing: MissingParts = { link: 0, actionBar: 0 };

  constructor(opts: InjectorOptions) {
    this.#opts = opts;
    this.#doc = opts.doc;
    this.#matcher = opts.matcher;
    this.#labels = opts.labels;
  }

  /** Marks every article in `root` for the next flush (start-up, settings change). */
  markAll(root: ParentNode = this.#doc): void {
    for (const article of root.querySelectorAll(ARTICLE)) this.#mark(article);
  }

  /**
   * Collects the articles that a batch of mutations touched. Cheap: no reading of text here, and
   * changes that cannot alter what a post already looked at shows are dropped (our own nodes; text
   * changed outside the post's texts, such as its counts and its time).
   */
  noteMutations(records: readonly MutationRecord[]): boolean {
    const before = this.#dirty.size;
    // Consecutive records on one node (cells appended to one list, counts changed in one post) share
    // its answer: our own node, an article, or neither. One ancestor walk finds the nearer of our host
    // and an article (a host is always inside its article).
    let lastNode: Node | null = null;
    let lastFound: Element | null | undefined;
    for (const record of records) {
      const node = record.target;
      if (node !== lastNode) {
        lastNode = node;
        const target = node.nodeType === 1 ? (node as Element) : node.parentElement;
        lastFound = target ? target.closest(HOST_OR_ARTICLE) : undefined;
      }
      const found = lastFound;
      if (found === undefined) continue;
      if (found === null) {
        if (record.type === 'childList') this.#markAdded(record.addedNodes);
        continue;
      }
      if (found.hasAttribute(HOST_ATTR)) continue; // inside one of our hosts: no news
      if (this.#seen.has(found) && !this.#isNews(record)) continue;
      this.#mark(found);
    }
    return this.#dirty.size > before;
  }

  /**
   * noteMutations for the records a flush's own changes made (taken at its end): each host it put in
   * is no news, known from the record alone, without the look around its node that any other record
   * takes. The rest (a host taken off, anything else) go through noteMutations.
   */
  noteFlushMutations(records: readonly MutationRecord[]): boolean {
    const rest = records.filter((r) => r.removedNodes.length > 0 || r.addedNodes.length !== 1 || !isHost(r.addedNodes[0]!));
    return rest.length > 0 && this.noteMutations(rest);
  }

  /** The articles among nodes added outside any article (timeline cells, a page's column). */
  #markAdded(nodes: NodeList): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.nodeType !== 1) continue;
      const el = node as Element;
      if (el.matches(ARTICLE)) this.#mark(el);
      // A cell holds its article near its top: finding it and any next one (posts are never nested)
      // walks a few nodes around it instead of the hundreds inside it.
      else if (el.firstElementChild) for (let a = el.querySelector(ARTICLE); a; a = nextAfter(a, el, ARTICLE)) this.#mark(a);
    }
  }

  /** Whether a change inside an article already looked at can change its button. */
  #isNews(record: MutationRecord): boolean {
    if (record.type === 'characterData') {
      // Text changed in place: only the post's texts decide its tag (counts and times do not).
      return record.target.parentElement?.closest(TEXT_OR_ARTICLE)?.matches(ARTICLE) === false;
    }
    if (record.type !== 'childList') return true; // a link's href: the article may show another post now
    // Our own nodes going in, or coming out by our hand, are no news. Taken out by someone else
    // (X's code patching the action bar), the post is looked at again and gets its button back.
    const { addedNodes: added, removedNodes: removed } = record;
    if (added.length + removed.length === 0) return true;
    for (const n of added) if (!isHost(n)) return true;
    for (const n of removed) if (!isHost(n) || !this.#takenOff.has(n)) return true;
    return false;
  }

  #mark(article: Element) {
    this.#dirty.add(article);
    if (!this.#seen.has(article)) this.#fresh = true;
  }

  get hasWork(): boolean {
    return this.#dirty.size > 0;
  }

  /**
   * True when an article never seen before is waiting: the caller decorates it at once, before the
   * browser paints it, so the button is in the post's first frame and nothing shifts.
   */
  get hasNewArticles(): boolean {
    return this.#fresh;
  }

  /** Decorates every article marked since the last flush, then asks for unknown states in one batch. */
  flush(): void {
    const unknown: string[] = [];
    for (const article of this.#dirty) {
      if (!article.isConnected) continue;
      const fresh = !this.#seen.has(article);
      this.#seen.add(article);
      try {
        const id = this.#process(article, fresh);
        if (id && !this.#views.has(id) && !this.#pending.has(id)) {
          this.#pending.add(id);
          unknown.push(id);
        }
      } catch (error) {
        // Never let odd markup throw into X's page: skip this post, keep going.
        console.debug('[LGA Guide Clipper] could not process a post', error);
      }
    }
    this.#dirty.clear();
    this.#fresh = false;
    // Now and then forget hosts X threw away (their cells would otherwise be kept in memory).
    if (++this.#flushes % 64 === 0) this.#pruneHosts();
    if (unknown.length > 0) this.#opts.requestSavedStates(unknown);
  }

  /**
   * Makes one article right; returns the id of a post that has a button, if any. An article never
   * processed holds none of our hosts (they go only into articles processed), so only the others are
   * searched for them.
   */
  #process(article: Element, fresh: boolean): string | null {
    const hosts: ArrayLike<HTMLElement> & Iterable<HTMLElement> = fresh ? NO_HOSTS : article.querySelectorAll<HTMLElement>(HOST);
    // Most posts are not tagged: the hashtag test comes first, and only a tagged post's id and action
    // bar are read. The quoted post's block is found once, and only when an answer depends on it.
    const quoted = quotedLookup(article);
    if (!postCarriesTagLazily(article, this.#matcher, quoted.root)) {
      for (const h of hosts) this.#dropHost(h);
      return null;
    }
    const bar = ownActionBarOf(article, quoted);
    const id = postIdWith(article, quoted, bar);
    if (!id || !bar) {
      for (const h of hosts) this.#dropHost(h);
      if (!this.#unreadableArticles.has(article)) {
        this.#unreadableArticles.add(article);
        this.stats.unreadable++;
        if (!id) this.missing.link++;
        else this.missing.actionBar++;
      }
      return null;
    }
    if (!this.#readableIds.has(id)) {
      this.#readableIds.add(id);
      this.stats.readable++;
    }
    let host: HTMLElement | null = null;
    for (const h of hosts) {
      if (!host && h.parentElement === bar) host = h;
      else this.#dropHost(h); // a stray copy (React moved things around): exactly one button per post
    }
    let view = this.#views.get(id);
    if (!view && !this.#pending.has(id) && this.#opts.surelyUnsaved?.(id)) this.#views.set(id, (view = UNSAVED));
    if (!host) {
      host = createButtonHost(this.#doc, id, this.#labels); // already shows 'unknown' in these labels
      if (view) renderButton(host, view, this.#labels); // a post seen before, or surely unsaved: its state at once
      bar.appendChild(host);
    } else {
      if (host.getAttribute(POST_ATTR) !== id) {
        this.#untrack(host);
        host.setAttribute(POST_ATTR, id); // the article now shows another post
      }
      renderButton(host, view ?? UNKNOWN, this.#labels); // touches nothing when it shows this already
    }
    this.#track(id, host);
    return id;
  }

  /**
   * Every host's clicks and keys, in one listener object that the caller puts on the document for
   * 'click' and 'keydown' in the capture phase (so a new post's host needs no listener of its own).
   * X opens the post page on any click inside an article, and its keyboard shortcuts listen on the
   * document: clicks on our buttons and Enter or Space pressed on them stay ours, stopped before any of
   * X's own listeners below the document hear of them.
   */
  readonly hostEvents: EventListenerObject = {
    handleEvent: (event: Event) => {
      const target = event.target as Element;
      const host = target.closest?.<HTMLElement>(HOST);
      if (!host) return;
      if (event.type === 'keydown') {
        const key = (event as KeyboardEvent).key;
        if (key === 'Enter' || key === ' ') event.stopPropagation();
        return;
      }
      const button = host.firstElementChild!;
      const onUndo = undoOf(host)?.contains(target) ?? false;
      if (!onUndo && !button.contains(target)) return; // the host's message: X's as any text of the post
      event.preventDefault();
      event.stopPropagation();
      const postId = host.getAttribute(POST_ATTR);
      const article = host.closest(ARTICLE);
      if (!postId || !article) return;
      const state = this.#views.get(postId)?.state ?? 'unknown';
      const chosen: PressAction | null = onUndo ? 'undo' : state === 'saved' ? 'unclip' : state === 'unsaved' ? 'clip' : null;
      if (chosen) this.#opts.onPress(chosen, postId, article);
    },
  };

  /** The current view of a post, if known. */
  viewOf(postId: string): ButtonView | undefined {
    return this.#views.get(postId);
  }

  /** Answers from the background (a batch lookup or the change feed). */
  setSaved(postIds: Iterable<string>, saved: boolean): void {
    for (const id of postIds) {
      this.#pending.delete(id);
      const view = this.#views.get(id);
      // A press in progress decides its own outcome.
      if (view && (view.state === 'saving' || view.state === 'removing')) continue;
      this.setView(id, { state: saved ? 'saved' : 'unsaved', undo: saved ? undefined : view?.undo });
    }
  }

  /** Lookups that failed: show the button as unsaved so the user can still clip. */
  forgetPending(postIds: Iterable<string>): void {
    for (const id of postIds) {
      if (this.#pending.delete(id) && !this.#views.has(id)) this.setView(id, { state: 'unsaved' });
    }
  }

  setView(postId: string, view: ButtonView): void {
    this.#views.set(postId, view);
    for (const host of this.hostsOf(postId)) renderButton(host, view, this.#labels);
  }

  setError(postId: string, error: ButtonError, state: ButtonState): void {
    this.setView(postId, { state, error });
  }

  /** The ids of the posts whose buttons are on the page now. */
  shownPostIds(): string[] {
    return [...this.#hostsById.keys()].filter((id) => this.hostsOf(id).length > 0);
  }

  /** The hosts on the page that show this post (normally one). */
  hostsOf(postId: string): HTMLElement[] {
    const set = this.#hostsById.get(postId);
    if (!set) return [];
    const live: HTMLElement[] = [];
    for (const h of set) {
      if (h.isConnected && h.getAttribute(POST_ATTR) === postId) live.push(h);
      else set.delete(h);
    }
    if (set.size === 0) this.#hostsById.delete(postId);
    return live;
  }

  #track(postId: string, host: HTMLElement): void {
    let set = this.#hostsById.get(postId);
    if (!set) this.#hostsById.set(postId, (set = new Set()));
    set.add(host);
  }

  #untrack(host: HTMLElement): void {
    const id = host.getAttribute(POST_ATTR);
    const set = id === null ? undefined : this.#hostsById.get(id);
    if (set?.delete(host) && set.size === 0) this.#hostsById.delete(id!);
  }

  /** Takes one of our hosts off the page: its removal is then no news to the observer. */
  #dropHost(host: HTMLElement): void {
    this.#takenOff.add(host);
    this.#untrack(host);
    host.remove();
  }

  #pruneHosts(): void {
    for (const [id, set] of this.#hostsById) {
      for (const h of set) if (!h.isConnected) set.delete(h);
      if (set.size === 0) this.#hostsById.delete(id);
    }
  }

  /** A new set of tracked tags: every article is looked at again on the next flush. */
  setMatcher(matcher: TagMatcher): void {
    this.#matcher = matcher;
    this.markAll();
  }

  /** New labels (the UI's language changed in options): every button on the page shows them at once. */
  setLabels(labels: ButtonLabels): void {
    this.#labels = labels;
    for (const host of this.#doc.querySelectorAll<HTMLElement>(HOST)) {
      const id = host.getAttribute(POST_ATTR);
      if (id) renderButton(host, this.#views.get(id) ?? UNKNOWN, labels);
    }
  }

  /** Takes every button off the page (the user hid the button in options). */
  removeAll(): void {
    for (const host of this.#doc.querySelectorAll(HOST)) host.remove();
    this.#hostsById.clear();
    this.#dirty.clear();
  }

  /** The post an element belongs to, if it is a post with a button (for the shortcut and context menu). */
  decoratedArticleOf(el: Element | null): { article: Element; postId: string } | null {
    const article = el?.closest(ARTICLE);
    if (!article) return null;
    const host = article.querySelector(HOST);
    const postId = host?.getAttribute(POST_ATTR);
    return postId ? { article, postId } : null;
  }
}

function isHost(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).hasAttribute(HOST_ATTR);
}
