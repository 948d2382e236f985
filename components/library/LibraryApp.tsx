import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { getDb, OWNER, VERDICTS, KINDS, AUTHOR_TYPES, PERMISSIONS } from '@/utils/store/db';
import { listThemes } from '@/utils/store/themes';
import { sendRequest } from '@/utils/messaging/client';
import { formatNumber } from '@/utils/format';
import { useLiveQuery } from '../use-live-query';
import { TextField, SelectField, type Option } from '../ui/fields';
import { SaveState } from '../SaveState';
import { useSettings } from '../use-settings';
import { ExportDialog } from '../bundle/ExportDialog';
import { ImportBundle } from '../bundle/ImportBundle';
import { OtherContributors } from '../bundle/OtherContributors';
import { ClippingCard } from '../clipping/ClippingCard';
import { authorTypeLabel, builtInThemeName, kindLabel, permissionLabel, verdictLabel } from '../clipping/labels';
import { useWindowVirtualizer } from './use-window-virtualizer';
import { useSearch, type FilterState, type SortChoice, EMPTY_FILTERS } from './use-search';

/** The library: every clipping, searchable and filterable, with all its annotation controls. */
export function LibraryApp() {
  const db = getDb();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [sort, setSort] = useState<SortChoice>('clipped-desc');
  const { value: themes } = useLiveQuery(() => listThemes(db, builtInThemeName), []);
  const themeList = useMemo(() => themes ?? [], [themes]);
  const result = useSearch(text, filters, sort, themeList);
  const [removed, setRemoved] = useState<string[]>([]);
  const [exporting, setExporting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const settings = useSettings();
  const searchRef = useRef<HTMLInputElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useRef<string | null>(null);

  const ids = result.ids;
  const virtualizer = useWindowVirtualizer({
    count: ids.length,
    estimateSize: () => 620,
    overscan: 3,
    scrollMargin: listRef.current?.offsetTop ?? 0,
    getItemKey: (i) => ids[i] ?? i,
  });

  async function remove(postId: string) {
    const index = ids.indexOf(postId);
    const reply = await sendRequest<'unclip'>({ type: 'unclip', postId });
    if (!reply.ok) return;
    setRemoved((r) => [...r, postId]);
    // Focus goes to the Undo button, which stands where the user was.
    focusAfterRender.current = index >= 0 ? `undo` : null;
  }
  async function undo() {
    const postId = removed[removed.length - 1];
    if (!postId) return;
    const reply = await sendRequest<'restore'>({ type: 'restore', postId });
    if (!reply.ok) return;
    setRemoved((r) => r.slice(0, -1));
    focusAfterRender.current = postId;
  }

  useEffect(() => {
    const target = focusAfterRender.current;
    if (!target) return;
    if (target === 'undo' && undoRef.current) {
      undoRef.current.focus();
      focusAfterRender.current = null;
    } else if (target !== 'undo') {
      const index = ids.indexOf(target);
      if (index >= 0) {
        virtualizer.scrollToIndex(index, { align: 'start' });
        const el = document.querySelector<HTMLElement>(`article[data-post-id="${target}"]`);
        if (el) {
          el.focus();
          focusAfterRender.current = null;
        }
      }
    }
  });

  // Keyboard: "/" to search, j and k between clippings (not while typing).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.altKey || e.ctrlKey || e.metaKey || t.closest('input, textarea, select, [contenteditable]')) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'j' || e.key === 'k') {
        const current = t.closest<HTMLElement>('article[data-post-id]')?.dataset.postId;
        const index = current ? ids.indexOf(current) : -1;
        const next = Math.max(0, Math.min(ids.length - 1, index + (e.key === 'j' ? 1 : -1)));
        const nextId = ids[next];
        if (nextId) {
          e.preventDefault();
          focusAfterRender.current = nextId;
          virtualizer.scrollToIndex(next, { align: 'start' });
          document.querySelector<HTMLElement>(`article[data-post-id="${nextId}"]`)?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ids, virtualizer]);

  const themeOptions = useMemo<Option<string>[]>(() => [{ value: '', label: i18n.t('library.any') }, ...(themes ?? []).map((t) => ({ value: t.id, label: t.name }))], [themes]);
  const any = { value: '' as const, label: i18n.t('library.any') };
  const set = (patch: Partial<FilterState>) => setFilters((f: FilterState) => ({ ...f, ...patch }));

  return (
    <main class="page library">
      <div class="page-head">
        <h1>{i18n.t('library.title')}</h1>
        <SaveState />
      </div>
      <div class="toolbar">
        <button type="button" class="button" aria-haspopup="dialog" disabled={!settings} onClick={() => setExporting(true)}>
          {i18n.t('library.exportBundle')}
        </button>
        <ImportBundle />
      </div>
      {exporting && settings && (
        <ExportDialog
          settings={settings}
          total={result.total}
          shownIds={ids}
          selectedIds={[...selected]}
          onClose={() => setExporting(false)}
        />
      )}
      <search class="search">
        <TextField
          type="search"
          label={i18n.t('library.search')}
          hint={i18n.t('library.searchHint')}
          value={text}
          onInput={setText}
          inputRef={searchRef}
          error={result.problems.length > 0 ? i18n.t('library.searchProblem', [result.problems.join('; ')]) : undefined}
        />
        <details class="filters">
          <summary>{i18n.t('library.filters')}</summary>
          <div class="field-row">
            <SelectField label={i18n.t('library.verdictFilter')} options={[any, ...VERDICTS.map((v) => ({ value: v, label: verdictLabel(v) }))] as Option<FilterState['verdict']>[]} value={filters.verdict} onChange={(verdict) => set({ verdict })} />
            <SelectField label={i18n.t('library.kindFilter')} options={[any, ...KINDS.map((v) => ({ value: v, label: kindLabel(v) }))] as Option<FilterState['kind']>[]} value={filters.kind} onChange={(kind) => set({ kind })} />
            <SelectField label={i18n.t('library.themeFilter')} options={themeOptions} value={filters.theme} onChange={(theme) => set({ theme })} />
            <SelectField label={i18n.t('library.authorTypeFilter')} options={[any, ...AUTHOR_TYPES.map((v) => ({ value: v, label: authorTypeLabel(v) }))] as Option<FilterState['authorType']>[]} value={filters.authorType} onChange={(authorType) => set({ authorType })} />
            <SelectField label={i18n.t('library.permissionFilter')} options={[any, ...PERMISSIONS.map((v) => ({ value: v, label: permissionLabel(v) }))] as Option<FilterState['permission']>[]} value={filters.permission} onChange={(permission) => set({ permission })} />
          </div>
          <div class="field-row">
            <TextField type="date" label={i18n.t('library.postedFrom')} hint={i18n.t('library.dateHint')} value={filters.from} onInput={(from) => set({ from })} />
            <TextField type="date" label={i18n.t('library.postedTo')} hint={i18n.t('library.dateHint')} value={filters.to} onInput={(to) => set({ to })} />
          </div>
          <div class="checkbox single">
            <input id="has-lesson" type="checkbox" checked={filters.hasLesson} onChange={(e) => set({ hasLesson: e.currentTarget.checked })} />
            <label for="has-lesson">{i18n.t('library.hasLesson')}</label>
          </div>
          <div class="checkbox single">
            <input id="disagreement" type="checkbox" checked={filters.disagreement} onChange={(e) => set({ disagreement: e.currentTarget.checked })} />
            <label for="disagreement">{i18n.t('library.disagreement')}</label>
          </div>
        </details>
        <SelectField
          label={i18n.t('library.sort')}
          class="sort"
          options={[
            { value: 'clipped-desc', label: i18n.t('library.sortClipped') },
            { value: 'clipped-asc', label: i18n.t('library.sortClippedAsc') },
            { value: 'posted-desc', label: i18n.t('library.sortPosted') },
            { value: 'posted-asc', label: i18n.t('library.sortPostedAsc') },
          ] as Option<SortChoice>[]}
          value={sort}
          onChange={(value: SortChoice) => setSort(value)}
        />
      </search>
      <p class="count" role="status">
        {result.ready ? i18n.t('library.showing', result.total, [formatNumber(ids.length), formatNumber(result.total)]) : ''}
      </p>
      {removed.length > 0 && (
        <div class="notice removed-notice">
          <span aria-live="polite">{i18n.t('library.removed')}</span>{' '}
          <button type="button" class="button button-secondary" ref={undoRef} onClick={() => void undo()}>
            {i18n.t('library.undo')}
          </button>
        </div>
      )}
      {result.ready && ids.length === 0 && <p>{result.total === 0 ? i18n.t('library.emptyLibrary') : i18n.t('library.empty')}</p>}
      <div ref={listRef} class="virtual-list" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {virtualizer.getVirtualItems().map((item) => {
          const postId = ids[item.index]!;
          return (
            <div
              key={postId}
              data-index={item.index}
              ref={virtualizer.measureElement}
              class="virtual-row"
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
            >
              <LibraryRow
                postId={postId}
                themes={themeList}
                onRemove={(id) => void remove(id)}
                selected={selected.has(postId)}
                onSelect={(id, on) =>
                  setSelected((current) => {
                    const next = new Set(current);
                    if (on) next.add(id);
                    else next.delete(id);
                    return next;
                  })
                }
              />
            </div>
          );
        })}
      </div>
      <details class="shortcuts">
        <summary>{i18n.t('library.shortcuts')}</summary>
        <ul>
          <li>{i18n.t('library.shortcutSearch')}</li>
          <li>{i18n.t('library.shortcutNext')}</li>
          <li>{i18n.t('library.shortcutVerdict')}</li>
        </ul>
      </details>
    </main>
  );
}

interface RowProps {
  postId: string;
  themes: Parameters<typeof ClippingCard>[0]['themes'];
  onRemove(id: string): void;
  selected: boolean;
  onSelect(id: string, selected: boolean): void;
}

function LibraryRow({ postId, themes, onRemove, selected, onSelect }: RowProps) {
  const db = getDb();
  const { value } = useLiveQuery(async () => {
    const [clipping, annotation] = await Promise.all([db.clippings.get(postId), db.annotations.get([postId, OWNER])]);
    return { clipping, annotation };
  }, [postId]);
  if (!value?.clipping) return <div class="clipping-placeholder" />;
  const selectId = `select-${postId}`;
  return (
    <ClippingCard
      clipping={value.clipping}
      annotation={value.annotation}
      themes={themes}
      onRemove={onRemove}
      extra={
        <>
          <OtherContributors postId={postId} />
          <div class="checkbox single select-for-export">
            <input id={selectId} type="checkbox" checked={selected} onChange={(e) => onSelect(postId, e.currentTarget.checked)} />
            <label for={selectId}>{i18n.t('library.selectForExport', [value.clipping.snapshot.author.handle])}</label>
          </div>
        </>
      }
    />
  );
}
