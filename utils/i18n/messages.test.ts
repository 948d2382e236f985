import { describe, expect, it } from 'vitest';
import { createGetMessage, createPlainGetMessage, createT, installT, selectPluralForm } from './messages';

const messages = {
  button_send: { message: "Anfon i ganllaw'r LGA" },
  library_showing: { message: 'Yn dangos $1 o $2 toriad | Yn dangos $1 o $2 toriad | Yn dangos $1 o $2 doriad | Yn dangos $1 o $2 thoriad | Yn dangos $1 o $2 thoriad | Yn dangos $1 o $2 toriad' },
  popup_count: { message: 'No clippings yet | 1 clipping | $1 clippings' },
  hints_images: { message: '1 image has no alt text | $1 images have no alt text' },
  price: { message: 'Costs $$$1 today' },
  greeting: { message: 'Hello $who$, you have $count$', placeholders: { WHO: { content: '$1' }, count: { content: '$2 posts' } } },
  named: { message: 'From {handle}' },
};

describe('getMessage over a locale’s messages (Chrome’s rules)', () => {
  const getMessage = createGetMessage(messages);
  it('answers by name, any case, and gives nothing for a name it does not have', () => {
    expect(getMessage('button_send')).toBe("Anfon i ganllaw'r LGA");
    expect(getMessage('BUTTON_SEND')).toBe("Anfon i ganllaw'r LGA");
    expect(getMessage('button_missing')).toBe('');
  });
  it('puts substitutions in, empty for missing ones, and $$ as a single $', () => {
    expect(getMessage('library_showing', ['5', '12']).split(' | ')[0]).toBe('Yn dangos 5 o 12 toriad');
    expect(getMessage('library_showing', ['5']).split(' | ')[0]).toBe('Yn dangos 5 o  toriad');
    expect(getMessage('price', '3')).toBe('Costs $3 today');
  });
  it('replaces named placeholders by their content, which may hold substitutions', () => {
    expect(getMessage('greeting', ['Sam', '4'])).toBe('Hello Sam, you have 4 posts');
  });
});

describe('the content script’s getMessage, for texts that take no argument', () => {
  const plain = createPlainGetMessage({ ...messages, dollars: { message: 'Costs $$5, not $$$$6' } });
  it('answers as Chrome’s rules do: by name in any case, $$ as a single $, nothing for an unknown name', () => {
    expect(plain('button_send')).toBe(createGetMessage(messages)('button_send'));
    expect(plain('Button_Send')).toBe("Anfon i ganllaw'r LGA");
    expect(plain('dollars')).toBe('Costs $5, not $$6');
    expect(plain('dollars')).toBe(createGetMessage({ dollars: { message: 'Costs $$5, not $$$$6' } })('dollars'));
    expect(plain('button_missing')).toBe('');
  });
});

describe('plural forms', () => {
  it('chooses English forms as @wxt-dev/i18n does (1 | n and 0 | 1 | n)', () => {
    expect([0, 1, 2].map((n) => selectPluralForm(messages.hints_images.message, n))).toEqual(['$1 images have no alt text', '1 image has no alt text', '$1 images have no alt text']);
    expect([0, 1, 7].map((n) => selectPluralForm(messages.popup_count.message, n))).toEqual(['No clippings yet', '1 clipping', '$1 clippings']);
  });
  it('chooses Welsh forms by the counts 0, 1, 2, 3 and 6, and the last for any other', () => {
    const form = (n: number) => selectPluralForm('zero | one | two | few | many | other', n);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20, 100].map(form)).toEqual(['zero', 'one', 'two', 'few', 'other', 'other', 'many', 'other', 'other', 'other']);
  });
});

describe('t over a locale’s messages', () => {
  const t = createT(createGetMessage(messages));
  it('uses a count for the plural form and, alone, as $1', () => {
    expect(t('popup.count', 0)).toBe('No clippings yet');
    expect(t('popup.count', 3)).toBe('3 clippings');
    expect(t('library.showing', 2, ['2', '2'])).toBe('Yn dangos 2 o 2 doriad');
    expect(t('library.showing', 3, ['1', '3'])).toBe('Yn dangos 1 o 3 thoriad');
    expect(t('library.showing', 1_000, ['10', '1,000'])).toBe('Yn dangos 10 o 1,000 toriad');
  });
  it('fills named substitutions and leaves unknown ones', () => {
    expect(t('named', { handle: '@ExampleCncl' })).toBe('From @ExampleCncl');
    expect(t('named', { other: 'x' })).toBe('From {handle}');
  });
  it('replaces the t of an @wxt-dev/i18n instance', () => {
    const target = { t: (_key: string) => 'English' };
    installT(target, createGetMessage(messages));
    expect(target.t('button.send')).toBe("Anfon i ganllaw'r LGA");
  });
});
