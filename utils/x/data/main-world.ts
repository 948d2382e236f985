import { X_DATA_ANSWER, X_DATA_ASK, X_DATA_LIST, X_DATA_LISTED, X_DATA_TAGS, readAsk, readTags } from './channel';
import { PostCache } from './post-cache';
import { mayCarryTags } from './prefilter';
import { readTaggedPosts, type XPostData } from './read-response';

/**
 * The reader of X's own responses, inside X's page (the main world; entrypoints/x-data.content.ts
 * installs it at document_start). It wraps `fetch` and `XMLHttpRequest` for X's GraphQL and REST
 * timeline paths and keeps the tagged posts they carry in a PostCache, for the isolated content script
 * to ask for on a press (utils/x/data/channel.ts).
 *
 * X's own code sees its responses unchanged: fetch returns X the very promise (and Response) the
 * browser gave, and the reader reads a clone of the body; an XMLHttpRequest gets one more `load`
 * listener, which only takes the response text. The text is kept as it is (a reference, no copy) and
 * everything else happens in an idle callback: the plain-string test for a tracked tag first
 * (mayCarryTags), then JSON.parse and the reader only for a response that passes it. Every step of
 * ours is in a try: X must never break because of the reader.
 */

/**
 * The settings' default tracked tags (DEFAULT_SETTINGS in utils/settings.ts, which the main world
 * cannot import: it reaches the extension API), used until the content script sends the user's.
 */
export const MAIN_WORLD_DEFAULT_TAGS: readonly string[] = ['lgadigital'];

/** What the reader uses of the page's window (a test passes its own). */
export interface ReaderWindow {
  fetch: typeof fetch;
  XMLHttpRequest: typeof XMLHttpRequest;
  document: Pick<Document, 'addEventListener' | 'dispatchEvent'>;
  CustomEvent: typeof CustomEvent;
  location: { href: string };
  setTimeout(callback: () => void, ms?: number): unknown;
  requestIdleCallback?(callback: () => void, options?: { timeout: number }): unknown;
}

export interface ReaderOptions {
  /** Tracked tags until the content script says otherwise (the settings' default). */
  tags: readonly string[];
  /** Posts kept (a few hundred). */
  cacheSize?: number;
  /** Responses waiting for an idle moment; beyond this the oldest is dropped unread. */
  maxPending?: number;
}

export interface Reader {
  cache: PostCache<XPostData>;
  /** Reads every waiting response now (an ASK does this first). */
  drain(): void;
  /** Responses read so far: how many were handed over, passed the string test, and were parsed. */
  stats: { seen: number; matched: number; parsed: number; failed: number };
}

const API_PATH = /^\/i\/api\/(?:graphql|2)\//;
const X_HOST = /(?:^|\.)(?:x|twitter)\.com$/;

/** True for X's GraphQL or REST timeline addresses (absolute, or relative to the page). */
export function isXApiUrl(input: unknown, base: string): boolean {
  try {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as { url?: unknown } | null)?.url;
    if (typeof raw !== 'string') return false;
    const u = new URL(raw, base);
    return u.protocol === 'https:' && X_HOST.test(u.hostname) && API_PATH.test(u.pathname);
  } catch {
    return false;
  }
}

type Pending = { text: string } | { json: unknown };

export function installXDataReader(win: ReaderWindow, options: ReaderOptions): Reader {
  const cache = new PostCache<XPostData>(options.cacheSize ?? 300);
  const maxPending = options.maxPending ?? 8;
  const pending: Pending[] = [];
  const stats = { seen: 0, matched: 0, parsed: 0, failed: 0 };
  let tags: readonly string[] = options.tags;
  let scheduled = false;
  // The page's own functions, as they were before X's code ran.
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const idle = win.requestIdleCallback?.bind(win);
  const later = win.setTimeout.bind(win);

  function readOne(item: Pending) {
    try {
      let json: unknown;
      if ('text' in item) {
        if (!mayCarryTags(item.text, tags)) return;
        stats.matched++;
        json = parse(item.text);
        stats.parsed++;
      } else json = item.json;
      for (const [id, post] of readTaggedPosts(json, tags)) cache.set(id, post);
    } catch {
      stats.failed++;
    }
  }

  function drain() {
    while (pending.length > 0) readOne(pending.shift() as Pending);
  }

  // One response per idle moment: parsing a large one takes several milliseconds.
  function step() {
    scheduled = false;
    const item = pending.shift();
    if (item) readOne(item);
    if (pending.length > 0) schedule();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    try {
      if (idle) idle(step, { timeout: 1000 });
      else later(step, 0);
    } catch {
      scheduled = false;
    }
  }

  function take(item: Pending) {
    stats.seen++;
    pending.push(item);
    while (pending.length > maxPending) pending.shift();
    schedule();
  }

  // --- fetch: X gets the browser's own promise; the reader reads a clone ------------------------------
  const originalFetch = win.fetch;
  if (typeof originalFetch === 'function') {
    const wrapped = function fetch(this: unknown, ...args: [RequestInfo | URL, RequestInit?]): Promise<Response> {
      const promise = originalFetch.apply(this, args);
      try {
        if (isXApiUrl(args[0], win.location.href)) {
          promise.then(
            (response) => {
              try {
                if (response.status !== 200) return;
                response.clone().text().then((text) => take({ text }), () => undefined);
              } catch {
                // a body already used, an opaque response: nothing to read
              }
            },
            () => undefined,
          );
        }
      } catch {
        // never X's problem
      }
      return promise;
    };
    win.fetch = wrapped as typeof fetch;
  }

  // --- XMLHttpRequest: the address from open(), one more load listener from send() ------------------
  const proto = win.XMLHttpRequest?.prototype;
  if (proto) {
    const open = proto.open;
    const send = proto.send;
    const wanted = new WeakSet<XMLHttpRequest>();
    const onLoad = function (this: XMLHttpRequest) {
      try {
        if (this.status !== 200 || !wanted.has(this)) return; // reopened since for another address
        const type = this.responseType;
        if (type === '' || type === 'text') take({ text: this.responseText });
        else if (type === 'json') take({ json: this.response });
      } catch {
        // never X's problem
      }
    };
    proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        if (isXApiUrl(args[1], win.location.href)) wanted.add(this);
        else wanted.delete(this);
      } catch {
        // never X's problem
      }
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof proto.open;
    proto.send = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        if (wanted.has(this)) this.addEventListener('load', onLoad);
      } catch {
        // never X's problem
      }
      return (send as (...a: unknown[]) => void).apply(this, args);
    } as typeof proto.send;
  }

  // --- the channel: tags in, one record out per ASK, answered within the same dispatch -------------
  win.document.addEventListener(X_DATA_TAGS, (event) => {
    try {
      const next = readTags((event as CustomEvent).detail);
      if (next) tags = next;
    } catch {
      // ignored
    }
  });
  win.document.addEventListener(X_DATA_ASK, (event) => {
    try {
      const id = readAsk((event as CustomEvent).detail);
      if (id === undefined) return;
      drain();
      const post = cache.get(id) ?? null;
      win.document.dispatchEvent(new win.CustomEvent(X_DATA_ANSWER, { detail: stringify({ id, post }) }));
    } catch {
      // ignored: the isolated side hears no answer and keeps the DOM snapshot
    }
  });

  // The tagged posts held, for the content script's page-health check: each one's id and flags, when
  // the hashtags of the text that carries its tag (the quoted post's, when that is held too) hold one
  // of the tags last heard (a post read for other tags before the content script sent the user's is
  // left out). Nothing queued is read first (it is listed at the next check), and no post is made more
  // recently used.
  win.document.addEventListener(X_DATA_LIST, () => {
    try {
      const wanted = new Set(tags.map((t) => t.toLowerCase()));
      const posts: Array<{ id: string; taggedIn: string; long: boolean }> = [];
      for (const id of cache.keys()) {
        const post = cache.peek(id) as XPostData;
        const tagged = post.taggedIn === 'own' ? post : post.quotedId === undefined ? undefined : cache.peek(post.quotedId);
        if (tagged?.entities.hashtags.some((h) => wanted.has(h.toLowerCase()))) posts.push({ id, taggedIn: post.taggedIn, long: post.long });
      }
      win.document.dispatchEvent(new win.CustomEvent(X_DATA_LISTED, { detail: stringify({ posts }) }));
    } catch {
      // ignored: the isolated side hears no list and reports nothing from X's data
    }
  });

  return { cache, drain, stats };
}
