import { i18n } from '#i18n';
import { ownerFirst } from '@/utils/domain/contributors';
import type { AnnotationRecord } from '@/utils/domain/records';
import { exportBundle, type ExportItem, type ExportOptions, type ExportResult, type ExportSource } from '@/utils/bundle/export';
import type { Translate } from '@/utils/bundle/view';
import type { ClipperDB } from './db';
import { savedIdsInPostOrder } from './clipping-index';
import { builtInThemeName } from '@/utils/i18n/theme-names';

/**
 * The library as an export reads it (utils/bundle/export.ts): themes, contributors, the ids to
 * export, and pages of clippings with their annotations, all from the database.
 */

/** The ids to export, in post id order (the order posts were made); removed clippings never. */
async function exportIds(db: ClipperDB, scope: ExportOptions['scope']): Promise<string[]> {
  // The table's primary keys are post ids, sorted.
  const all = await savedIdsInPostOrder(db.clippings);
  if (scope.kind === 'all') return all;
  const wanted = new Set(scope.postIds);
  return all.filter((id) => wanted.has(id));
}

/**
 * One page of clippings with their annotations. Ids are sorted, so when the export holds every
 * clipping the page's clippings and its annotations are each one key range, read in one request
 * each (far quicker than a request per post: a bulkGet of 500 is 500 requests); removed clippings
 * in the range are left out below.
 */
async function readPage(db: ClipperDB, ids: string[], contiguous: boolean): Promise<ExportItem[]> {
  const first = ids[0];
  const last = ids[ids.length - 1];
  if (first === undefined || last === undefined) return [];
  const wanted = new Set(ids);
  const [records, annotations] = await Promise.all([
    contiguous ? db.clippings.where(':id').between(first, last, true, true).toArray() : db.clippings.bulkGet(ids),
    contiguous ? db.annotations.where('postId').between(first, last, true, true).toArray() : db.annotations.where('postId').anyOf(ids).toArray(),
  ]);
  const byPost = new Map<string, AnnotationRecord[]>();
  for (const a of annotations) {
    if (!wanted.has(a.postId)) continue;
    let list = byPost.get(a.postId);
    if (!list) byPost.set(a.postId, (list = []));
    list.push(a);
  }
  const out: ExportItem[] = [];
  for (const record of records) {
    if (!record || record.removed === 1 || !wanted.has(record.postId)) continue;
    const list = byPost.get(record.postId) ?? [];
    list.sort(ownerFirst);
    out.push({ record, annotations: list });
  }
  return out;
}

/** An export's view of the library in `db`. */
export function libraryExportSource(db: ClipperDB): ExportSource {
  return {
    async start(scope) {
      const [themeRecords, contributors, ids] = await Promise.all([db.themes.orderBy('order').toArray(), db.contributors.toArray(), exportIds(db, scope)]);
      const themes = themeRecords.map((t) => ({ id: t.id, name: (t.name ?? (t.builtIn ? builtInThemeName(t.id) : '')) || t.id }));
      return { themes, contributors, ids };
    },
    page: (ids, contiguous) => readPage(db, ids, contiguous),
  };
}

/** The UI's messages (`i18n.t` of '#i18n', read at each call: setUpLanguage may replace it). */
export const uiMessages: Translate = (key, subs) => {
  const t = i18n.t as unknown as (key: string, subs?: string[]) => string;
  return subs ? t(key, [...subs]) : t(key);
};

/** Exports clippings of the library in `db` as a bundle (utils/bundle/export.ts), in the UI's language. */
export function exportLibrary(db: ClipperDB, options: Omit<ExportOptions, 'translate'>): Promise<ExportResult> {
  return exportBundle(libraryExportSource(db), { ...options, translate: uiMessages });
}
