import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { SETTINGS_KEY, loadSettings, type Language } from '@/utils/settings';
import { UI_LOCALES, type UiLocale } from '@/utils/domain/locales';
import { createGetMessage, installT, type ChromeMessages, type GetMessage } from './messages';

/**
 * The one place the UI's language is chosen. Every extension page (components/mount-page.tsx), the
 * content script on X and the background call setUpLanguage() before they show any text; after it,
 * every `i18n.t` of '#i18n' answers in the chosen language. How and why: docs/i18n.md.
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

/** An extension page or the background reads a locale's messages.json from the package. */
export async function fetchLocaleMessages(locale: UiLocale): Promise<ChromeMessages> {
  if (!UI_LOCALES.includes(locale)) throw new Error(`No messages for locale ${locale}`);
  // _locales is written by @wxt-dev/i18n's build, not in public/, so WXT's typed paths do not list it.
  const url = (browser.runtime.getURL as (path: string) => string)(`/_locales/${locale}/messages.json`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`_locales/${locale}/messages.json: HTTP ${response.status}`);
  return (await response.json()) as ChromeMessages;
}

export interface LanguageOptions {
  /** How to get a locale's messages; content scripts ask the background (see docs/i18n.md). */
  load?: (locale: UiLocale) => Promise<ChromeMessages>;
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

/**
 * Chooses the UI's language from the settings and the browser, and makes '#i18n' answer in it.
 * Never throws: if anything fails, the browser's own messages are used. Resolves to the BCP 47 tag of
 * the messages now shown (the `locale` message: en-GB or cy), for `lang` attributes and Intl.
 */
export async function setUpLanguage(options: LanguageOptions = {}): Promise<string> {
  const native: GetMessage = (name, subs) => (browser.i18n.getMessage as (name: string, subs?: string | string[]) => string)(name, subs);
  let getMessage = native;
  try {
    const settings = await loadSettings();
    const locale = resolveLanguage(settings.language, options.browserLanguages ?? browserLanguages(), native('locale') || 'en-GB');
    if (locale) getMessage = createGetMessage(await (options.load ?? fetchLocaleMessages)(locale));
  } catch (error) {
    console.debug('[LGA Guide Clipper] the chosen language could not be loaded; using the browser’s', error);
  }
  installT(i18n as unknown as { t: unknown }, getMessage);
  return i18n.t('locale') || 'en-GB';
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
