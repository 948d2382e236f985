import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { PLURAL_SHAPES, selectPluralForm } from '@/utils/i18n/messages';

/**
 * Every message in English has a Welsh one and the other way round, with the same substitutions, and
 * a plural in one is a plural in the other, with forms the runtime can choose between.
 */
const LOCALES_DIR = resolve(import.meta.dirname, '../../locales');
const PREDEFINED = /^@@/;

type Parsed = ReturnType<typeof parseMessagesText>[number];

function read(locale: string): Map<string, Parsed> {
  const parsed = parseMessagesText(readFileSync(resolve(LOCALES_DIR, `${locale}.yml`), 'utf8'), 'YAML');
  return new Map(parsed.filter((m) => !PREDEFINED.test(m.key.join('.'))).map((m) => [m.key.join('.'), m]));
}

const en = read('en_GB');
const cy = read('cy');
const WELSH_PLURAL_KEYS = ['0', '1', '2', '3', '6', 'n'];

const text = (m: Parsed) => (m.type === 'plural' ? Object.values(m.plurals).join(' | ') : m.type === 'simple' ? m.message : m.message);

describe('the Welsh translation', () => {
  it('has every English message, and no message English lacks', () => {
    const missing = [...en.keys()].filter((k) => !cy.has(k));
    const extra = [...cy.keys()].filter((k) => !en.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(en.size).toBeGreaterThan(150);
  });

  it('uses the same substitutions ($1, $2, {name}) as English in every message', () => {
    const differ = [...en].filter(([k, m]) => {
      const w = cy.get(k);
      return !w || w.substitutions !== m.substitutions || [...w.namedSubstitutions].sort().join() !== [...m.namedSubstitutions].sort().join();
    });
    expect(differ.map(([k, m]) => `${k}: en ${m.substitutions}, cy ${cy.get(k)?.substitutions}`)).toEqual([]);
  });

  it('has a plural wherever English has one, with all six Welsh forms, each filled in', () => {
    const wrong: string[] = [];
    for (const [k, m] of en) {
      const w = cy.get(k);
      if (!w) continue; // reported above
      if ((m.type === 'plural') !== (w.type === 'plural')) wrong.push(`${k}: plural in only one language`);
      if (w.type !== 'plural') continue;
      const keys = Object.keys(w.plurals);
      if (keys.join() !== WELSH_PLURAL_KEYS.join()) wrong.push(`${k}: Welsh forms ${keys.join()}, expected ${WELSH_PLURAL_KEYS.join()}`);
      if (Object.values(w.plurals).some((form) => String(form).trim() === '')) wrong.push(`${k}: an empty form`);
      if (m.type === 'plural' && !PLURAL_SHAPES[Object.keys(m.plurals).length]) wrong.push(`${k}: English forms the runtime cannot choose between`);
    }
    expect(wrong).toEqual([]);
  });

  it('is not English left untranslated, apart from names', () => {
    // Names and terms that are the same in both languages; anything else identical is an oversight.
    const same = new Set(['extName', 'popup.title', 'options.languageEnglish', 'options.languageWelsh', 'post.gif']);
    const hasWords = (m: Parsed) => /\p{L}{2,}/u.test(text(m).replace(/\$\d/g, '')); // not just '$1: $2'
    const untranslated = [...en].filter(([k, m]) => !same.has(k) && hasWords(m) && cy.has(k) && text(m) === text(cy.get(k)!)).map(([k]) => k);
    expect(untranslated).toEqual([]);
  });

  it('says which language it is, for lang attributes and Intl, and the button still names the LGA', () => {
    expect(text(en.get('locale')!)).toBe('en-GB');
    expect(text(cy.get('locale')!)).toBe('cy');
    expect(text(cy.get('button.send')!)).toBe("Anfon i ganllaw'r LGA");
    for (const key of ['button.saved', 'button.tooltipSend', 'contextMenu.clip']) expect(text(cy.get(key)!)).toContain('LGA');
  });

  it('builds into a messages.json whose plurals pick the right Welsh form', () => {
    const messages = generateChromeMessages(parseMessagesText(readFileSync(resolve(LOCALES_DIR, 'cy.yml'), 'utf8'), 'YAML')) as Record<string, { message: string }>;
    const count = messages.popup_count!.message;
    expect([0, 1, 2, 3, 4, 6, 11].map((n) => selectPluralForm(count, n).replace('$1', String(n)))).toEqual([
      'Dim toriadau eto',
      '1 toriad',
      '2 doriad',
      '3 thoriad',
      '4 toriad',
      '6 thoriad',
      '11 toriad',
    ]);
  });
});
