import { useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getDb } from '@/utils/store/db';
import { listThemes } from '@/utils/store/themes';
import { formatNumber } from '@/utils/format';
import { useLiveQuery } from '../use-live-query';
import { RadioGroup, TextField } from '../ui/fields';
import { SaveState } from '../SaveState';
import { useSettings } from '../use-settings';
import { TeamIndicator } from '../team/SyncIndicator';
import { useTeam } from '../team/use-team';
import { useTeamSync } from '../team/use-team-sync';
import { ExportDialog } from '../bundle/ExportDialog';
import { ImportBundle } from '../bundle/ImportBundle';
import { builtInThemeName } from '../clipping/labels';
import { useWindowVirtualizer } from './use-window-virtualizer';
import { useSearch, type FilterState, type SortChoice, EMPTY_FILTERS, OPENING_SORT } from './use-search';
import { Filters, SortField } from './Filters';
import { LibraryRow } from './LibraryRow';
import { useSelection } from './use-selection';
import { usePendingFocus } from './use-pending-focus';
import { useRemoval } from './use-removal';
import { useListKeyboard } from './use-list-keyboard';
import { useLibraryView, type LibraryView } from './use-view';
import { ListView } from './ListView';
import { BulkBar } from './BulkBar';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ContributorsSummary } from './ContributorsSummary';
import './list-view.css';

/**
 * The library: every clipping, searchable and filterable, with all its annotation controls. This is the
 * page's composition; each part reads alone: the filters (Filters.tsx), the search (use-search.ts), one
 * clipping (LibraryRow.tsx), removal with Undo (use-removal.ts), focus that waits for a row to be drawn
 * (use-pending-focus.ts), the keyboard (use-list-keyboard.ts) and the selection for export (use-selection.ts).
 */
export function LibraryApp() {
  const db = getDb();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [sort, setSort] = useState<SortChoice>(OPENING_SORT);
  const { value: themes } = useLiveQuery(() => listThemes(db, builtInThemeName), []);
  const themeList = useMemo(() => themes ?? [], [themes]);
  const { value: people } = useLiveQuery(() => db.contributors.toArray(), []);
  const settings = useSettings();
  // The team library, when this browser belongs to one: live sync while the library is open.
  useTeamSync(useTeam()?.config, settings);
  const contributorNames = useMemo(() => [...new Set([...(settings?.contributorName ? [settings.contributorName] : []), ...(people ?? []).map((p) => p.name)])], [people, settings?.contributorName]);
  const result = useSearch(text, filters, sort, themeList, settings?.contributorName ?? '');
  const [exporting, setExporting] = useState(false);
  const [selected, select, selectMany] = useSelection();
  const [view, setView] = useLibraryView();
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const ids = result.ids;
  const virtualizer = useWindowVirtualizer({
    count: view === 'cards' ? ids.length : 0,
    estimateSize: 620,
    overscan: 3,
    scrollMargin: listRef.current?.offsetTop ?? 0,
    ids,
    placeholder: '.clipping-placeholder',
  });
  const undoRef = useRef<HTMLButtonElement>(null);
  const pendingFocus = usePendingFocus(ids, virtualizer, undoRef);
  const { removed, remove, undo } = useRemoval(ids, pendingFocus);
  useListKeyboard(ids, virtualizer, searchRef, pendingFocus, view === 'cards');
  const setFilter = (patch: Partial<FilterState>) => setFilters((f: FilterState) => ({ ...f, ...patch }));
  return (
    <main class={`page library view-${view}`}>
      <div class="page-head">
        <h1>{i18n.t('library.title')}</h1>
        <SaveState />
      </div>
      <TeamIndicator />
      <div class="library-layout">
      <div class="library-side">
      <div class="toolbar">
        <button type="button" class="button" aria-haspopup="dialog" disabled={!settings} onClick={() => setExporting(true)}>
          {i18n.t('library.exportBundle')}
        </button>
        <ImportBundle />
        <a class="toolbar-link" href={browser.runtime.getURL('/guide.html')}>
          {i18n.t('library.openGuide')}
        </a>
        <RadioGroup<LibraryView>
          legend={i18n.t('workbench.view')}
          name="library-view"
          options={[
            { value: 'list', label: i18n.t('workbench.viewList') },
            { value: 'cards', label: i18n.t('workbench.viewCards') },
          ]}
          value={view}
          onChange={setView}
          inline
        />
        {view === 'list' && (
          <button type="button" class="button button-secondary" aria-haspopup="dialog" onClick={() => setHelpOpen(true)}>
            {i18n.t('library.shortcuts')}
          </button>
        )}
      </div>
      {helpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
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
        <Filters filters={filters} onChange={setFilter} themes={themeList} contributors={contributorNames} />
        <SortField value={sort} onChange={setSort} />
      </search>
      <ContributorsSummary ownerName={settings?.contributorName ?? ''} onChoose={(by) => setFilters((f: FilterState) => ({ ...f, by }))} />
      </div>
      <div class="library-main">
      <div class="list-head">
      <p class="count" role="status">
        {result.ready
          ? i18n.t('library.showing', result.total, [formatNumber(ids.length), formatNumber(result.total)])
          : result.searching
            ? i18n.t('library.searching')
            : result.opening
              ? i18n.t('library.showing', result.total, [formatNumber(result.total), formatNumber(result.total)])
              : ''}
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
      <BulkBar shownIds={ids} selected={selected} onSelectMany={selectMany} themes={themeList} />
      </div>
      {view === 'list' ? (
        <ListView ids={ids} themes={themeList} selected={selected} onSelectMany={selectMany} onRemove={(id) => void remove(id)} searchRef={searchRef} onHelp={() => setHelpOpen(true)} />
      ) : (
        <>
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
                  onSelect={select}
                />
              </div>
            );
          })}
        </div>
        </>
      )}
      {view === 'cards' && (
      <details class="shortcuts">
        <summary>{i18n.t('library.shortcuts')}</summary>
        <ul>
          <li>{i18n.t('library.shortcutSearch')}</li>
          <li>{i18n.t('library.shortcutNext')}</li>
          <li>{i18n.t('library.shortcutVerdict')}</li>
        </ul>
      </details>
      )}
      </div>
      </div>
    </main>
  );
}
