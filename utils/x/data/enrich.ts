import type { Counts, Entities, Media, PostSnapshot, SnapshotSources } from '@/utils/snapshot';
import type { XMedia, XPostData } from './read-response';

/**
 * A snapshot read from X's page, enriched from X's own data for the same post (utils/x/data/read-response.ts):
 * what the page did not show is taken from the data, what the page read stays as read. Pure; the inputs are
 * not changed. The result is a version 2 snapshot whose `sources` names where each such field came from.
 *
 * - Text and entities: a long post's whole text (X's note) when X's data has it, links written as the page
 *   shows them (each t.co address replaced by its display form), `truncated` false. Otherwise the page's text
 *   stays, and its links get their real destination where the page lacked it.
 * - Counts: every count the page read stays; X's data adds the quote count and any count the page lacked.
 * - Media, matched by position and type: alt text where the page had none, a video's or GIF's files and
 *   poster. When the page read no media, X's data's media are taken whole.
 * - Card (description, image, real destination, type), poll, edit history, Community Note, the parent post's
 *   id, the thread's first post, and the author's verification type, paid tick and affiliation label.
 *
 * A record for another post, or none, gives the page's snapshot alone (as version 2).
 */
export function enrichSnapshot(snapshot: PostSnapshot, data: XPostData | undefined): PostSnapshot {
  const out: PostSnapshot = { ...snapshot, schema: 2 };
  if (!data || data.id !== snapshot.postId) return out;
  const sources: SnapshotSources = { ...(snapshot.sources ?? {}) };

  // --- text and entities ------------------------------------------------------------------------------
  if (data.long && data.text.length > 0 && (snapshot.truncated || data.text.length > snapshot.text.length)) {
    out.text = shownText(data);
    out.entities = entitiesOf(data);
    out.truncated = false;
    sources.text = 'x-data';
    sources.entities = 'x-data';
  } else {
    sources.text = 'dom';
    const links = snapshot.entities.links.map((link) => {
      if (link.expandedUrl) return link;
      const found = data.entities.urls.find((u) => u.url === link.url && u.expandedUrl);
      return found?.expandedUrl ? { ...link, expandedUrl: found.expandedUrl } : link;
    });
    const filled = links.some((link, i) => link !== snapshot.entities.links[i]);
    out.entities = filled ? { ...snapshot.entities, links } : snapshot.entities;
    sources.entities = filled ? 'x-data' : 'dom';
  }

  // --- counts: the page's stay as read ------------------------------------------------------------------
  const counts: Counts = { ...snapshot.counts };
  const countSources: NonNullable<SnapshotSources['counts']> = {};
  for (const key of ['replies', 'reposts', 'likes', 'quotes', 'bookmarks', 'views'] as const) {
    if (counts[key] !== undefined) countSources[key] = 'dom';
    else if (data.counts[key] !== undefined) {
      counts[key] = data.counts[key];
      countSources[key] = 'x-data';
    }
  }
  out.counts = counts;
  sources.counts = countSources;

  // --- media --------------------------------------------------------------------------------------------
  if (snapshot.media.length === 0 && data.media.length > 0) {
    out.media = data.media.flatMap((m) => mediaFrom(m) ?? []);
    if (out.media.length > 0) sources.media = 'x-data';
  } else {
    out.media = snapshot.media.map((m, i) => enrichMedia(m, data.media[i]));
    if (snapshot.media.length > 0) sources.media = 'dom';
  }

  // --- card and poll --------------------------------------------------------------------------------------
  const card = data.card;
  if (card) {
    const cardUrl = httpsOrUndefined(card.url);
    if (snapshot.card || cardUrl) {
      const base = snapshot.card ?? { url: cardUrl as string, title: card.title, domain: card.domain };
      out.card = withoutUndefined({
        ...base,
        title: base.title ?? card.title,
        domain: base.domain ?? card.domain,
        name: card.name,
        description: card.description,
        imageUrl: card.imageUrl,
        destination: card.destination,
      });
      sources.card = snapshot.card ? 'dom' : 'x-data';
    }
    if (card.poll && card.poll.choices.length > 0) {
      out.poll = withoutUndefined({ choices: card.poll.choices, endsAt: card.poll.endsAt, final: card.poll.final });
      sources.poll = 'x-data';
    }
  } else if (snapshot.card) sources.card = 'dom';

  // --- edits, note, thread -----------------------------------------------------------------------------
  if (data.edits && data.edits.ids.length > 0) {
    out.edits = withoutUndefined({ ...data.edits });
    sources.edits = 'x-data';
  }
  if (data.communityNote && (data.communityNote.title || data.communityNote.subtitle)) {
    out.communityNote = withoutUndefined({ ...data.communityNote });
    sources.communityNote = 'x-data';
  }
  if (data.replyToId) {
    if (snapshot.replyTo?.postId) sources.replyTo = 'dom';
    else {
      const handles = snapshot.replyTo?.handles ?? (data.replyToHandle ? [data.replyToHandle] : []);
      out.replyTo = { handles, postId: data.replyToId };
      sources.replyTo = 'x-data';
    }
  } else if (snapshot.replyTo) sources.replyTo = 'dom';
  if (data.conversationId) {
    out.conversationId = data.conversationId;
    sources.conversationId = 'x-data';
  }

  // --- the author's verification: only when X's data is of the same account ------------------------------
  const author = data.author;
  if (author?.handle && author.handle.toLowerCase() === snapshot.author.handle.toLowerCase()) {
    out.author = withoutUndefined({
      ...snapshot.author,
      verifiedType: author.verifiedType,
      blueVerified: author.blueVerified,
      label: author.label ? withoutUndefined({ text: author.label.text, url: httpsOrUndefined(author.label.url) }) : undefined,
    });
    sources.verification = 'x-data';
  }

  out.sources = sources;
  return out;
}

/** A long post's text as the page would show it: each t.co address in its display form. */
function shownText(data: XPostData): string {
  let text = data.text;
  for (const u of data.entities.urls) if (u.displayUrl && u.url.startsWith('https://t.co/')) text = text.split(u.url).join(u.displayUrl);
  return text;
}

function entitiesOf(data: XPostData): Entities {
  return {
    links: data.entities.urls.flatMap((u) => (u.url.startsWith('https://') ? [withoutUndefined({ text: u.displayUrl ?? u.url, url: u.url, expandedUrl: u.expandedUrl })] : [])),
    mentions: [...data.entities.mentions],
    hashtags: [...data.entities.hashtags],
  };
}

/** X's media address as the page's snapshot writes a photo (name=orig), e.g. …/media/abc.jpg → …/media/abc?format=jpg&name=orig. */
export function originalPhotoUrl(url: string): string {
  const m = /^(https:\/\/pbs\.twimg\.com\/media\/[^.?/]+)\.(\w+)$/.exec(url);
  return m ? `${m[1]}?format=${m[2]}&name=orig` : url;
}

function mediaFrom(m: XMedia): Media | undefined {
  if (m.type === 'photo') {
    if (!m.url) return undefined;
    return withoutUndefined({ type: 'photo', url: originalPhotoUrl(m.url), altText: m.alt, sources: withoutUndefined({ altText: m.alt ? 'x-data' : undefined }) }) as Media;
  }
  const base = { posterUrl: m.poster, altText: m.alt, variants: m.variants?.length ? m.variants : undefined };
  const sources = withoutUndefined({ altText: m.alt ? ('x-data' as const) : undefined, posterUrl: m.poster ? ('x-data' as const) : undefined, variants: base.variants ? ('x-data' as const) : undefined });
  return withoutUndefined({ type: m.type, ...base, sources }) as Media;
}

function enrichMedia(m: Media, x: XMedia | undefined): Media {
  if (!x || x.type !== m.type) return m;
  const sources: NonNullable<Media['sources']> = { ...(m.sources ?? {}) };
  const out = { ...m } as Media;
  if (m.altText) sources.altText = 'dom';
  else if (x.alt) {
    out.altText = x.alt;
    sources.altText = 'x-data';
  }
  if (out.type !== 'photo') {
    if (out.posterUrl) sources.posterUrl = 'dom';
    else if (x.poster) {
      out.posterUrl = x.poster;
      sources.posterUrl = 'x-data';
    }
    if (x.variants && x.variants.length > 0) {
      out.variants = x.variants.map((variant) => ({ ...variant }));
      sources.variants = 'x-data';
    }
  }
  if (Object.keys(sources).length > 0) out.sources = sources;
  return out;
}

function httpsOrUndefined(url: string | undefined): string | undefined {
  return url && url.startsWith('https://') && url.length <= 4_096 ? url : undefined;
}

/** The object without its undefined values (a stored record never holds `key: undefined`). */
function withoutUndefined<T extends object>(o: T): T {
  const copy = { ...o };
  for (const key of Object.keys(copy) as Array<keyof T>) if (copy[key] === undefined) delete copy[key];
  return copy;
}
