import { useEffect, type MutableRef } from 'preact/hooks';
import type { FocusTarget } from './use-pending-focus';

interface Scroller {
  scrollToIndex(index: number, options: { align: 'start' }): void;
}

/** Keyboard in the library: "/" goes to the search box, j and k move between clippings; never while typing. */
export function useListKeyboard(ids: readonly string[], virtualizer: Scroller, searchRef: MutableRef<HTMLInputElement | null>, pendingFocus: MutableRef<FocusTarget | null>, enabled = true) {
  useEffect(() => {
    if (!enabled) return;
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
          // Focus waits for the clipping to be drawn when it is not yet (usePendingFocus).
          pendingFocus.current = nextId;
          virtualizer.scrollToIndex(next, { align: 'start' });
          document.querySelector<HTMLElement>(`article[data-post-id="${nextId}"]`)?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ids, virtualizer, searchRef, pendingFocus, enabled]);
}
