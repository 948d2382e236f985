import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipperDB, OWNER } from '@/utils/store/db';
import { saveClipping } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { createRequestHandler, type Sender } from '../server';
import { textDecision } from './save-annotation-text';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT_ID}/`;
const library: Sender = { id: EXT_ID, url: `${BASE}library.html`, tab: { id: 9, url: `${BASE}library.html` } };
const ID = '1846200000000000001';

let db: ClipperDB;
let clock: number;
let handle: ReturnType<typeof createRequestHandler>;

beforeEach(async () => {
  db = new ClipperDB(`save-text-${Math.random()}`);
  clock = 10_000;
  handle = createRequestHandler({ db, extensionId: EXT_ID, extensionBaseUrl: BASE, publishChanges: async () => {}, recordPageHealth: async () => {}, now: () => clock });
  await saveClipping(db, makeSnapshot(), 1000);
});
afterEach(async () => {
  await db.delete();
});

const lesson = () => db.annotations.get([ID, OWNER]).then((a) => a?.lesson);
const send = (text: string, replaces: string, editedAt: number, field: 'lesson' | 'note' = 'lesson') =>
  handle({ type: 'saveAnnotationText', postId: ID, field, text, replaces, editedAt }, library);

describe('a page hands its last edit to the background', () => {
  it('writes the text with the store function the pages use, keeping the search words in step', async () => {
    expect(await send('Say what changes for residents, first', '', 9_000)).toEqual({
      ok: true,
      value: { postId: ID, field: 'lesson', outcome: 'written' },
    });
    const annotation = (await db.annotations.get([ID, OWNER]))!;
    expect(annotation).toMatchObject({ lesson: 'Say what changes for residents, first', hasLesson: 1, updatedAt: 10_000 });
    expect((await db.clippings.get(ID))!.words).toContain('residents');
    expect(await send('Ask highways for the photo', '', 9_000, 'note')).toMatchObject({ ok: true, value: { outcome: 'written' } });
    expect((await db.annotations.get([ID, OWNER]))!.note).toBe('Ask highways for the photo');
  });

  it('says so when the text is there already (the page saved it itself first)', async () => {
    await updateAnnotation(db, ID, { lesson: 'Typed' }, OWNER, 9_500);
    expect(await send('Typed', '', 9_000)).toMatchObject({ ok: true, value: { outcome: 'unchanged' } });
    expect((await db.annotations.get([ID, OWNER]))!.updatedAt).toBe(9_500);
  });

  it('never writes an older text over one another page saved after this edit', async () => {
    await updateAnnotation(db, ID, { lesson: 'Newer, from the popup' }, OWNER, 9_800);
    expect(await send('Older, from a closed tab', '', 9_000)).toMatchObject({ ok: true, value: { outcome: 'newer-kept' } });
    expect(await lesson()).toBe('Newer, from the popup');
  });

  it('writes over a text saved before this edit was typed, and over the text it began from', async () => {
    await updateAnnotation(db, ID, { lesson: 'Saved earlier elsewhere' }, OWNER, 8_000);
    expect(await send('Typed later', 'What the page showed', 9_000)).toMatchObject({ ok: true, value: { outcome: 'written' } });
    expect(await lesson()).toBe('Typed later');
    // A verdict chosen after the last keystroke changes updatedAt but not the lesson this edit began from.
    await updateAnnotation(db, ID, { verdict: 'do' }, OWNER, 9_900);
    expect(await send('Typed later, and more', 'Typed later', 9_500)).toMatchObject({ ok: true, value: { outcome: 'written' } });
    expect(await db.annotations.get([ID, OWNER])).toMatchObject({ lesson: 'Typed later, and more', verdict: 'do' });
  });

  it('refuses a post that is not in the library, and a content script', async () => {
    expect(await handle({ type: 'saveAnnotationText', postId: '42', field: 'lesson', text: 'x', replaces: '', editedAt: 1 }, library)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await db.annotations.get(['42', OWNER])).toBeUndefined();
    const script: Sender = { id: EXT_ID, url: 'https://x.com/home', tab: { id: 7, url: 'https://x.com/home' } };
    expect(await handle({ type: 'saveAnnotationText', postId: ID, field: 'lesson', text: 'x', replaces: '', editedAt: 1 }, script)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(await lesson()).toBe('');
  });
});

describe('textDecision', () => {
  const edit = { field: 'lesson' as const, text: 'B', replaces: 'A', editedAt: 100 };
  it.each([
    ['no annotation yet', undefined, 'written'],
    ['the text already there', { lesson: 'B', note: '', updatedAt: 500 }, 'unchanged'],
    ['the field as the edit began', { lesson: 'A', note: '', updatedAt: 500 }, 'written'],
    ['another text saved before the edit', { lesson: 'C', note: '', updatedAt: 100 }, 'written'],
    ['another text saved after the edit', { lesson: 'C', note: '', updatedAt: 101 }, 'newer-kept'],
  ] as const)('%s: %s', (_name, current, outcome) => {
    expect(textDecision(current, edit)).toBe(outcome);
  });
});
