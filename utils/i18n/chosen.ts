import { browser } from 'wxt/browser';
import type { i18n } from '#i18n';
import { SETTINGS_KEY, loadSettings, type Language } from '@/utils/settings';
import { UI_LOCALES, type UiLocale } from '@/utils/domain/locales';
import { createGetMessage, createT, type ChromeMessages, type GetMessage } from './messages';

/** How a locale's messages become a getMessage: createGetMessage, or the content script's createPlainGetMessage. */
export type ReadMessages = (messages: ChromeMessages) => GetMessage;

/**
 * The one place the UI's language is chosen. Every extension page (components/mount-page.tsx) and the
 * background call setUpLanguage() (./language.ts) before they show any text; after it, every `i18n.t`
 * of '#i18n' answers in the chosen language. The content script on X calls chooseLanguage() and uses
 * the `t` it gives. How and why: docs/i18n.md.
 */

export { UI_LOCALES, type UiLocale };

/**
 * Which locale's messages to load, or null to keep the browser's own choice.
 * `auto` follows the browser: the browser's i18n already answers in its language. Chrome has no Welsh
 * display language, so Welsh speakers on it have an English browser that prefers Welsh pages: when the
 * browser's UI language or the user's first preferred language is Welsh and the messages are not,
 * Welsh is loaded.
 * A chosen language is loaded unless the browser's messages are already in it.
 */
export function resolveLanguage(setting: Language, browserLanguages: readonly string[], nativeLocale: string): UiLocale | null {
  const native = nativeLocale.toLowerCase();
  if (setting === 'auto') {
    const welsh = browserLanguages.some((l) => /^cy(?:[-_]|$)/i.test(l));
    return welsh && native !== 'cy' ? 'cy' : null;
  }
  const tag = setting === 'cy' ? 'cy' : 'en-gb';
  return native === tag ? null : setting;
}

export interface LanguageOptions {
  /**
   * How to get a locale's messages: pages and the background read the package's (fetchLocaleMessages
   * in ./language.ts, setUpLanguage's default); content scripts ask the background (see docs/i18n.md).
   */
  load: (locale: UiLocale) => Promise<ChromeMessages>;
  /** The browser's languages, most preferred first. */
  browserLanguages?: readonly string[];
}

function browserLanguages(): string[] {
  const languages: string[] = [];
  try {
    languages.push(browser.i18n.getUILanguage());
  } catch {
    // no i18n in this context: nothing to add
  }
  const preferred = globalThis.navigator?.languages?.[0];
  if (preferred) languages.push(preferred);
  return languages;
}

/** The UI's `t` (the arguments of @wxt-dev/i18n's) answering in the chosen language, and its BCP 47 tag. */
export interface ChosenLanguage {
  t: typeof i18n.t;
  /** The `locale` message of the messages chosen: en-GB or cy, for `lang` attributes and Intl. */
  locale: string;
}

/** The chosen language's messages (a chrome.i18n getMessage) and its BCP 47 tag. */
export interface ChosenMessages {
  getMessage: GetMessage;
  locale: string;
}

/**
 * Chooses the UI's language from the settings and the browser, and gives its messages. Never throws:
 * if anything fails, the browser's own messages are used. The content script looks its few texts up
 * with this alone (none takes an argument), so it carries neither @wxt-dev/i18n's runtime nor `createT`,
 * and reads the messages with `read` (createPlainGetMessage, for it).
 */
export async function chooseMessages(options: LanguageOptions & { read: ReadMessages }): Promise<ChosenMessages> {
  const native: GetMessage = (name, subs) => (browser.i18n.getMessage as (name: string, subs?: string | string[]) => string)(name, subs);
  let getMessage = native;
  try {
    const settings = await loadSettings();
    const locale = resolveLanguage(settings.language, options.browserLanguages ?? browserLanguages(), native('locale') || 'en-GB');
    if (locale) getMessage = options.read(await options.load(locale));
  } catch (error) {
    // The browser's own messages are kept; the content script carries this text, so it is short.
    console.debug('[LGA Guide Clipper] language not loaded', error);
  }
  return { getMessage, locale: getMessage('locale') || 'en-GB' };
}

/**
 * Chooses the UI's language (chooseMessages) and gives a `t` that answers in it, with @wxt-dev/i18n's
 * arguments (counts, substitutions): pages and the background install it in '#i18n' (setUpLanguage
 * in ./language.ts).
 */
export async function chooseLanguage(options: LanguageOptions): Promise<ChosenLanguage> {
  const { getMessage, locale } = await chooseMessages({ ...options, read: createGetMessage });
  return { t: createT(getMessage) as unknown as typeof i18n.t, locale };
}

/** Calls back when the language setting changes (in any context: storage.onChanged reaches them all). */
export function onLanguageChange(callback: () => void): () => void {
  const listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => {
    const change = changes[SETTINGS_KEY];
    if (area !== 'local' || !change) return;
    const language = (value: unknown) => (value && typeof value === 'object' ? (value as { language?: unknown }).language : undefined) ?? 'auto';
    if (language(change.oldValue) !== language(change.newValue)) callback();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
