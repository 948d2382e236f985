import { useEffect, useRef, type MutableRef } from 'preact/hooks';

/** What should have focus once it is drawn: the Undo button, or a clipping (by post id). */
export type FocusTarget = 'undo' | string;

interface Scroller {
  scrollToIndex(index: number, options: { align: 'start' }): void;
}

/**
 * Focus that waits for its target to be drawn. The list is virtualised, so a clipping the keyboard or
 * an Undo moves to may not be in the page yet: after every render, the pending target is scrolled to
 * and focused once it exists, then forgotten.
 */
export function usePendingFocus(ids: readonly string[], virtualizer: Scroller, undoRef: MutableRef<HTMLButtonElement | null>): MutableRef<FocusTarget | null> {
  const pending = useRef<FocusTarget | null>(null);
  useEffect(() => {
    const target = pending.current;
    if (!target) return;
    if (target === 'undo') {
      if (undoRef.current) {
        undoRef.current.focus();
        pending.current = null;
      }
      return;
    }
    const index = ids.indexOf(target);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'start' });
    const el = document.querySelector<HTMLElement>(`article[data-post-id="${target}"]`);
    if (el) {
      el.focus();
      pending.current = null;
    }
  });
  return pending;
}
