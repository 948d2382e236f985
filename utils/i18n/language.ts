import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { UI_LOCALES, chooseLanguage, type LanguageOptions, type UiLocale } from './chosen';
import type { ChromeMessages } from './messages';

export { UI_LOCALES, chooseLanguage, onLanguageChange, resolveLanguage, type ChosenLanguage, type LanguageOptions, type UiLocale } from './chosen';

/**
 * Chooses the UI's language (./chosen.ts) and makes '#i18n' answer in it, for extension pages and the
 * background. Never throws. Resolves to the BCP 47 tag of the messages now shown (the `locale`
 * message: en-GB or cy), for `lang` attributes and Intl.
 */
export async function setUpLanguage(options: Partial<LanguageOptions> = {}): Promise<string> {
  const { t, locale } = await chooseLanguage({ ...options, load: options.load ?? fetchLocaleMessages });
  (i18n as unknown as { t: unknown }).t = t;
  return locale;
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
