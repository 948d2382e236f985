import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing';

/**
 * fakeBrowser has no i18n. Unit and component tests get the real messages of locales/<locale>.yml,
 * turned into Chrome's messages.json shape by @wxt-dev/i18n's own build code, with Chrome's
 * placeholder rules ($1..$9), so a test finds a control by the name a user reads.
 */
const cache = new Map<string, Record<string, { message: string }>>();

export function chromeMessages(locale = 'en_GB'): Record<string, { message: string }> {
  let messages = cache.get(locale);
  if (!messages) {
    const text = readFileSync(resolve(import.meta.dirname, `../../locales/${locale}.yml`), 'utf8');
    messages = generateChromeMessages(parseMessagesText(text, 'YAML')) as Record<string, { message: string }>;
    cache.set(locale, messages);
  }
  return messages;
}

export function installI18n(locale = 'en_GB') {
  const messages = chromeMessages(locale);
  const getMessage = (name: string, substitutions?: string | string[]) => {
    const entry = messages[name];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return entry.message.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '').replace(/\$\$/g, '$');
  };
  (fakeBrowser.i18n as unknown as Record<string, unknown>).getMessage = getMessage;
  (fakeBrowser.i18n as unknown as Record<string, unknown>).getUILanguage = () => locale.replace('_', '-');
}
