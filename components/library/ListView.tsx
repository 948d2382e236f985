import { useEffect, useRef, useState, type MutableRef } from 'preact/hooks';
import { getDb } from '@/utils/store/db';
import { updateAnnotation } from '@/utils/store/annotations';
import type { Theme } from '@/utils/store/themes';
import type { Verdict } from '@/utils/domain/vocabulary';
import { trackSave } from '../save-status';
import { useWindowVirtualizer } from './use-window-virtualizer';
import { ListRow } from './ListRow';
import { useRows } from './use-rows';
import { DetailPanel } from './DetailPanel';

interface ListViewProps {
  ids: readonly string[];
  themes: readonly Theme[];
  selected: ReadonlySet<string>;
  onSelectMany(ids: readonly string[], on: boolean): void;
  onRemove(postId: string): void;
  searchRef: MutableRef<HTMLInputElement | null>;
  onHelp(): void;
}

const VERDICT_KEYS: Record<string, Verdict> = { d: 'do', n: 'dont', u: 'undecided' };

/** Whether a key press belongs to what the user is typing in, or to a dialog: the list's keys leave it alone. */
function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return e.altKey || e.ctrlKey || e.metaKey || !!t?.closest?.('input, textarea, select, [contenteditable], dialog');
}

/**
 * The List view: one short row per clipping (ListRow), the open one's controls in a detail panel
 * (DetailPanel), and the keys: j / k move, Enter opens, d / n / u set the verdict, x selects, / searches,
 * ? shows the keys, Escape closes the panel. Never while typing in a field.
 */
export function ListView({ ids, themes, selected, onSelectMany, onRemove, searchRef, onHelp }: ListViewProps) {
  const db = getDb();
  const [current, setCurrent] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const anchor = useRef<string | null>(null);
  const focusRow = useRef<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const virtualizer = useWindowVirtualizer({
    count: ids.length,
    estimateSize: 44,
    overscan: 8,
    scrollMargin: listRef.current?.offsetTop ?? 0,
    ids,
    placeholder: '.list-row-placeholder',
  });
  const currentId = current && ids.includes(current) ? current : (ids[0] ?? null);
  const drawn = virtualizer.getVirtualItems();
  const rowOf = useRows(drawn.map((item) => ids[item.index]!));

  // A row the keyboard moved to gets focus once it is drawn.
  useEffect(() => {
    const target = focusRow.current;
    if (!target) return;
    const row = listRef.current?.querySelector<HTMLElement>(`article.list-row[data-post-id="${target}"]`);
    if (row) {
      row.focus();
      focusRow.current = null;
    }
  });

  const moveTo = (postId: string) => {
    setCurrent(postId);
    focusRow.current = postId;
    const index = ids.indexOf(postId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const close = () => {
    const was = open;
    setOpen(null);
    if (was) moveTo(was);
  };

  const select = (postId: string, on: boolean, range: boolean) => {
    if (range && anchor.current && ids.includes(anchor.current)) {
      const [a, b] = [ids.indexOf(anchor.current), ids.indexOf(postId)].sort((x, y) => x - y);
      onSelectMany(ids.slice(a!, b! + 1), on);
    } else onSelectMany([postId], on);
    anchor.current = postId;
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && open && !(e.target as HTMLElement | null)?.closest?.('dialog')) {
        e.preventDefault();
        close();
        return;
      }
      if (typing(e)) return;
      const onRow = (e.target as HTMLElement | null)?.closest?.<HTMLElement>('article[data-post-id]')?.dataset.postId;
      const target = onRow ?? open ?? currentId;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === '?') {
        e.preventDefault();
        onHelp();
      } else if (e.key === 'j' || e.key === 'k') {
        const from = target ? ids.indexOf(target) : -1;
        const next = ids[Math.max(0, Math.min(ids.length - 1, from + (e.key === 'j' ? 1 : -1)))];
        if (next) {
          e.preventDefault();
          moveTo(next);
        }
      } else if (e.key in VERDICT_KEYS && target) {
        e.preventDefault();
        void trackSave(updateAnnotation(db, target, { verdict: VERDICT_KEYS[e.key]! })).catch(() => undefined);
      } else if (e.key === 'x' && target) {
        e.preventDefault();
        select(target, !selected.has(target), e.shiftKey);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  return (
    <div class={`workbench${open ? ' has-panel' : ''}`}>
      <div ref={listRef} class="virtual-list list-view" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {drawn.map((item) => {
          const postId = ids[item.index]!;
          return (
            <div key={postId} data-index={item.index} ref={virtualizer.measureElement} class="virtual-row" style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}>
              <ListRow
                postId={postId}
                row={rowOf(postId)}
                themes={themes}
                current={postId === currentId}
                open={postId === open}
                selected={selected.has(postId)}
                onOpen={(id) => {
                  setCurrent(id);
                  setOpen(id);
                }}
                onFocusRow={setCurrent}
                onSelect={select}
              />
            </div>
          );
        })}
      </div>
      {open && (
        <DetailPanel
          postId={open}
          themes={themes}
          selected={selected.has(open)}
          onSelect={(id, on) => onSelectMany([id], on)}
          onRemove={(id) => {
            onRemove(id);
            setOpen(null);
          }}
          onClose={close}
        />
      )}
    </div>
  );
}
