import { describe, expect, it, vi } from 'vitest';
import { ClipperDB } from '@/utils/store/db';
import { chromeMessages } from '@/tests/unit/i18n';
import { createRequestHandler, type Sender } from './server';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT_ID}/`;
const contentScript: Sender = { id: EXT_ID, url: 'https://x.com/home', tab: { id: 7, url: 'https://x.com/home' }, frameId: 0 };
const webPage: Sender = { id: 'someone-else', url: 'https://example.com/' };

describe('a content script asks the background for the chosen language’s messages', () => {
  const loadLocaleMessages = vi.fn(async (locale: 'en_GB' | 'cy') => chromeMessages(locale));
  const handle = createRequestHandler({
    db: new ClipperDB(`server-locale-${Math.random()}`),
    extensionId: EXT_ID,
    extensionBaseUrl: BASE,
    publishChanges: async () => {},
    recordPageHealth: async () => {},
    loadLocaleMessages,
  });

  it('gets the Welsh messages', async () => {
    const reply = await handle({ type: 'localeMessages', locale: 'cy' }, contentScript);
    expect(reply.ok && (reply.value as { messages: Record<string, { message: string }> }).messages.button_send?.message).toBe("Anfon i ganllaw'r LGA");
  });

  it('refuses a locale we do not ship and any sender but our own', async () => {
    expect(await handle({ type: 'localeMessages', locale: '../manifest' }, contentScript)).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(await handle({ type: 'localeMessages', locale: 'cy' }, webPage)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(loadLocaleMessages).toHaveBeenCalledTimes(1);
  });
});
