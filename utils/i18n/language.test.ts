import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { i18n } from '#i18n';
import { chromeMessages } from '@/tests/unit/i18n';
import { saveSettings } from '@/utils/settings';
import { formatDateTime, formatNumber } from '@/utils/format';
import { resolveLanguage, setUpLanguage, type UiLocale } from './language';

const load = async (locale: UiLocale) => chromeMessages(locale);

describe('which messages to load', () => {
  it('keeps the browser’s own choice on auto, unless the browser is Welsh and its messages are not', () => {
    expect(resolveLanguage('auto', ['en-GB'], 'en-GB')).toBeNull();
    expect(resolveLanguage('auto', ['cy'], 'cy')).toBeNull(); // Firefox in Welsh loads cy itself
    expect(resolveLanguage('auto', ['en-US', 'cy-GB'], 'en-GB')).toBe('cy'); // Chrome in English, preferring Welsh pages
  });
  it('loads a chosen language unless the browser already shows it', () => {
    expect(resolveLanguage('cy', ['en-GB'], 'en-GB')).toBe('cy');
    expect(resolveLanguage('en_GB', ['cy'], 'cy')).toBe('en_GB');
    expect(resolveLanguage('en_GB', ['en-GB'], 'en-GB')).toBeNull();
  });
});

describe('setting up the language', () => {
  afterEach(async () => {
    // Later tests get the browser's (English) messages back.
    await fakeBrowser.storage.local.clear();
    await setUpLanguage({ browserLanguages: ['en-GB'] });
  });

  it('answers in Welsh when options chose Welsh, dates and numbers included', async () => {
    await saveSettings({ language: 'cy' });
    expect(await setUpLanguage({ load, browserLanguages: ['en-GB'] })).toBe('cy');
    expect(i18n.t('button.send')).toBe("Anfon i ganllaw'r LGA");
    expect(i18n.t('popup.count', 2, ['2'])).toBe('2 doriad');
    expect(i18n.t('popup.count', 6, ['6'])).toBe('6 thoriad');
    expect(formatDateTime('2014-10-09T13:05:00Z')).toMatch(/^9 Hydref 2014/);
    expect(formatNumber(3410)).toBe('3,410');
  });

  it('stays in the browser’s English on auto, and chooses English over a Welsh browser', async () => {
    expect(await setUpLanguage({ load, browserLanguages: ['en-GB'] })).toBe('en-GB');
    expect(i18n.t('button.send')).toBe('Send to LGA guide');
    await saveSettings({ language: 'en_GB' });
    expect(await setUpLanguage({ load, browserLanguages: ['cy'] })).toBe('en-GB');
    expect(formatDateTime('2014-10-09T13:05:00Z')).toMatch(/^9 October 2014/);
  });

  it('falls back to the browser’s messages when the chosen ones cannot be loaded', async () => {
    await saveSettings({ language: 'cy' });
    const failing = async () => {
      throw new Error('background asleep');
    };
    expect(await setUpLanguage({ load: failing, browserLanguages: ['en-GB'] })).toBe('en-GB');
    expect(i18n.t('button.send')).toBe('Send to LGA guide');
  });
});
