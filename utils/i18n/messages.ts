/**
 * The UI's messages, answered from a locale's messages.json instead of the browser's choice, and
 * plurals with as many forms as a language needs. Pure: messages in, strings out (utils/i18n/language.ts
 * wires it to the browser).
 *
 * Why: browser.i18n always answers in the browser's language and cannot be told otherwise, so the
 * options page's "Language" setting is carried out here. And @wxt-dev/i18n's `t` picks a plural form only from 1, 2 or 3 forms (`1 | n`, `0 | 1 | n`)
 * and throws on more, while Welsh has six (zero, one, two, few, many, other).
 */

/** One message as Chrome's messages.json holds it. */
export interface ChromeMessage {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type ChromeMessages = Record<string, ChromeMessage>;

export type GetMessage = (name: string, substitutions?: string | string[]) => string;

/**
 * browser.i18n.getMessage over the given messages for texts that take no argument and have no named
 * placeholder (the content script's, typed as such in entrypoints/x.content/index.ts): names are
 * case-insensitive, `$$` is a single `$`, an unknown name gives ''. The content script carries this
 * rather than createGetMessage, to stay small.
 */
export function createPlainGetMessage(messages: ChromeMessages): GetMessage {
  const byName = new Map(Object.entries(messages).map(([name, entry]) => [name.toLowerCase(), entry?.message]));
  return (name) => {
    const text = byName.get(String(name).toLowerCase());
    return typeof text === 'string' ? text.replaceAll('$$', '$') : '';
  };
}

/**
 * browser.i18n.getMessage over the given messages, with Chrome's rules: names are case-insensitive;
 * named placeholders (`$name$`, any case) become their content first; then `$1`..`$9` become the
 * substitutions (missing ones become empty) and `$$` a single `$`; an unknown name gives ''.
 */
export function createGetMessage(messages: ChromeMessages): GetMessage {
  const byName = new Map<string, ChromeMessage>();
  for (const [name, entry] of Object.entries(messages)) {
    if (entry && typeof entry.message === 'string') byName.set(name.toLowerCase(), entry);
  }
  return (name, substitutions) => {
    const entry = byName.get(String(name).toLowerCase());
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : (Array.isArray(substitutions) ? substitutions : [substitutions]).slice(0, 9).map(String);
    let text = entry.message;
    if (entry.placeholders) {
      const placeholders = new Map(Object.entries(entry.placeholders).map(([k, v]) => [k.toLowerCase(), v.content]));
      text = text.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, key: string) => placeholders.get(key.toLowerCase()) ?? whole);
    }
    return text.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : subs[Number(d) - 1] ?? ''));
  };
}

/**
 * The explicit counts of a plural message's forms, by how many forms it has; the last form is for
 * every other count ("n"). The locale files write the keys (0, 1, 2, 3, 6, n) and @wxt-dev/i18n joins
 * the forms with " | " in that order, so the number of forms says which keys they were.
 * 2 forms: `1, n` (English); 3: `0, 1, n` (as @wxt-dev/i18n does); 6: `0, 1, 2, 3, 6, n`, Welsh's
 * zero, one, two, few, many and other (CLDR: exactly 0, 1, 2, 3 and 6; other is everything else).
 */
export const PLURAL_SHAPES: Readonly<Record<number, readonly number[]>> = {
  1: [],
  2: [1],
  3: [0, 1],
  6: [0, 1, 2, 3, 6],
};

/** Picks a plural message's form for a count. */
export function selectPluralForm(message: string, count: number): string {
  const forms = message.split(' | ');
  const explicit = PLURAL_SHAPES[forms.length];
  if (!explicit) {
    console.warn(`[i18n] ${forms.length} plural forms`);
    return forms[forms.length - 1]!;
  }
  const index = explicit.indexOf(count);
  return forms[index === -1 ? forms.length - 1 : index]!;
}

const NAMED_SUBSTITUTION = /\{([A-Za-z0-9_]+)\}/g;

/**
 * A drop-in `t` for @wxt-dev/i18n's: the same arguments (a count for plurals, an array of
 * substitutions, an object of named substitutions, in any order), over the given getMessage, with
 * plural forms chosen by selectPluralForm.
 */
export function createT(getMessage: GetMessage) {
  return (key: string, ...args: unknown[]): string => {
    let subs: string[] | undefined;
    let named: Record<string, unknown> | undefined;
    let count: number | undefined;
    args.forEach((arg, i) => {
      if (arg == null) return;
      if (typeof arg === 'number') count = arg;
      else if (Array.isArray(arg)) subs = arg.map(String);
      else if (typeof arg === 'object') named = arg as Record<string, unknown>;
      // A programmer's mistake, never a user's: kept short, as the content script carries it.
      else throw Error(`t: argument ${i} is not a count, an array or an object`);
    });
    if (count != null && subs == null) subs = [String(count)];
    const name = key.replaceAll('.', '_');
    let message = subs?.length ? getMessage(name, subs) : getMessage(name);
    if (!message) console.warn(`[i18n] Message not found: "${key}"`);
    if (count != null) message = selectPluralForm(message ?? '', count);
    if (named == null) return message;
    const values = named;
    return message.replace(NAMED_SUBSTITUTION, (whole, k: string) => (Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : whole));
  };
}

/** Makes an @wxt-dev/i18n instance (the `i18n` of '#i18n') answer through createT(getMessage). */
export function installT(target: { t: unknown }, getMessage: GetMessage): void {
  target.t = createT(getMessage);
}
