import type { ClipperDB, ThemeRecord } from './db';

/** Themes: listed in order, renamed and merged without losing any annotation's link. */

export interface Theme {
  id: string;
  name: string;
  builtIn: boolean;
}

/** Themes in order, with built-in names given by `builtInName` (the UI's language) until renamed. */
export async function listThemes(db: ClipperDB, builtInName: (id: string) => string): Promise<Theme[]> {
  const records = await db.themes.orderBy('order').toArray();
  return records.map((t) => ({ id: t.id, name: t.name ?? builtInName(t.id), builtIn: t.builtIn === 1 }));
}

export async function renameTheme(db: ClipperDB, id: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A theme needs a name');
  await db.themes.update(id, { name: trimmed });
}

/** Adds a theme of the user's own at the end of the list; returns its id. */
export async function addTheme(db: ClipperDB, name: string): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A theme needs a name');
  return db.transaction('rw', db.themes, async () => {
    const last = await db.themes.orderBy('order').last();
    const id = `own-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const record: ThemeRecord = { id, name: trimmed, order: (last?.order ?? -1) + 1, builtIn: 0 };
    await db.themes.add(record);
    return id;
  });
}

/** Merges theme `from` into theme `into`: every annotation tagged `from` is tagged `into`, and `from` goes. */
export async function mergeThemes(db: ClipperDB, from: string, into: string): Promise<number> {
  if (from === into) return 0;
  return db.transaction('rw', db.themes, db.annotations, async () => {
    let moved = 0;
    await db.annotations
      .where('themes')
      .equals(from)
      .modify((a) => {
        a.themes = [...new Set(a.themes.map((t) => (t === from ? into : t)))];
        moved++;
      });
    await db.themes.delete(from);
    return moved;
  });
}
