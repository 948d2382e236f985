/**
 * A plain-string test of a GraphQL response's text, before any JSON.parse: could it hold a post
 * that carries one of the tracked tags? It may say yes wrongly (the reader decides), never no for a
 * response whose posts carry a tag, whether in a hashtag entity's "text" (the tag without '#') or
 * in the full text ("#tag"): both contain the tag itself, so the tag is what is looked for.
 *
 * ASCII letters match in any case. X's JSON may write a non-ASCII letter as a \uXXXX escape, so
 * each such letter matches as itself (in either case) or as the escape of its lower- or
 * upper-case form, with hex digits in either case.
 */

/** One compiled test per list of tags: the reader calls this for every response with the same tags. */
let cachedKey: string | null = null;
let cachedPattern: RegExp | null = null;

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/** The regular expression source that finds one tag, raw or \u-escaped. */
function tagSource(tag: string): string {
  let source = '';
  for (let i = 0; i < tag.length; i++) {
    const code = tag.charCodeAt(i);
    const ch = tag[i] as string;
    if (code < 0x80) {
      source += /[A-Za-z0-9_]/.test(ch) ? ch : `\\u${hex4(code)}`;
      continue;
    }
    const forms = new Set([hex4(code), hex4(ch.toLowerCase().charCodeAt(0)), hex4(ch.toUpperCase().charCodeAt(0))]);
    const escapes = [...forms].map((h) => `\\\\u${h}`);
    source += `(?:\\u${hex4(code)}|${escapes.join('|')})`;
  }
  return source;
}

function patternFor(tags: readonly string[]): RegExp | null {
  const key = tags.join('\u0000');
  if (key === cachedKey) return cachedPattern;
  const sources: string[] = [];
  for (const raw of tags) {
    if (typeof raw !== 'string') continue;
    const tag = raw.trim().replace(/^[#＃]/, '');
    if (tag.length > 0 && tag.length <= 200) sources.push(tagSource(tag));
  }
  cachedKey = key;
  cachedPattern = sources.length > 0 ? new RegExp(sources.join('|'), 'i') : null;
  return cachedPattern;
}

/**
 * True when the response text may hold a post carrying one of `tags` (with or without '#', any
 * letter case). Never throws; false for no tags or for anything but a string.
 */
export function mayCarryTags(responseText: unknown, tags: readonly string[]): boolean {
  try {
    if (typeof responseText !== 'string' || !Array.isArray(tags) || tags.length === 0) return false;
    const pattern = patternFor(tags);
    return pattern !== null && pattern.test(responseText);
  } catch {
    // Cannot happen for strings; a yes lets the reader decide.
    return true;
  }
}
