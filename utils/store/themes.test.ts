import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipperDB, OWNER } from './db';
import { saveClipping } from './clippings';
import { updateAnnotation } from './annotations';
import { addTheme, listThemes, mergeThemes, renameTheme } from './themes';
import { makeSnapshot } from '@/tests/unit/snapshots';

let db: ClipperDB;
beforeEach(() => {
  db = new ClipperDB(`themes-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});
const label = (id: string) => `[${id}]`;

describe('themes', () => {
  it('lists the twelve starting themes by their message names, then the user\'s own', async () => {
    const id = await addTheme(db, '  Parish councils ');
    const themes = await listThemes(db, label);
    expect(themes).toHaveLength(13);
    expect(themes[0]).toEqual({ id: 'strategy', name: '[strategy]', builtIn: true });
    expect(themes[12]).toEqual({ id, name: 'Parish councils', builtIn: false });
  });

  it('renames a theme without touching the annotations linked to it', async () => {
    await saveClipping(db, makeSnapshot(), 1);
    await updateAnnotation(db, '1846200000000000001', { themes: ['tone'] });
    await renameTheme(db, 'tone', 'Voice');
    expect((await listThemes(db, label)).find((t) => t.id === 'tone')?.name).toBe('Voice');
    expect((await db.annotations.get(['1846200000000000001', OWNER]))!.themes).toEqual(['tone']);
    await expect(renameTheme(db, 'tone', '  ')).rejects.toThrow(/needs a name/);
  });

  it('merges one theme into another, keeping every link once', async () => {
    await saveClipping(db, makeSnapshot({ postId: '1' }), 1);
    await saveClipping(db, makeSnapshot({ postId: '2' }), 1);
    await updateAnnotation(db, '1', { themes: ['tone', 'listening'] });
    await updateAnnotation(db, '2', { themes: ['tone'] }, 'editor-1');
    expect(await mergeThemes(db, 'tone', 'listening')).toBe(2);
    expect((await db.annotations.get(['1', OWNER]))!.themes).toEqual(['listening']);
    expect((await db.annotations.get(['2', 'editor-1']))!.themes).toEqual(['listening']);
    expect(await db.themes.get('tone')).toBeUndefined();
  });
});
