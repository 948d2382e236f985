import * as v from 'valibot';
import { UI_LOCALES } from '@/utils/domain/locales';
import { defineRequest, RequestRefused, type LocaleMessagesFile } from './define';

/**
 * A content script's UI messages in the language chosen on the options page (docs/i18n.md): it cannot
 * fetch the package's _locales itself without exposing them to every web page.
 */
export interface LocaleMessagesResponse {
  messages: LocaleMessagesFile;
}

export const localeMessages = defineRequest({
  schema: v.object({ type: v.literal('localeMessages'), locale: v.picklist(UI_LOCALES) }),
  senders: ['content-script'],
  async handle({ locale }, { loadLocaleMessages }): Promise<LocaleMessagesResponse> {
    if (!loadLocaleMessages) throw new RequestRefused('not-found', 'This background has no locale messages.');
    return { messages: await loadLocaleMessages(locale) };
  },
});
