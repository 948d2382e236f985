import { useCallback, useState } from 'preact/hooks';

/** The library's two layouts: a dense list with a detail panel (the default), or a card per clipping. */
export type LibraryView = 'list' | 'cards';

const KEY = 'lga-library-view';

function readView(): LibraryView {
  try {
    return localStorage.getItem(KEY) === 'cards' ? 'cards' : 'list';
  } catch {
    return 'list';
  }
}

/** The view chosen, remembered in this browser (every library page of the extension shares it). */
export function useLibraryView(): [LibraryView, (view: LibraryView) => void] {
  const [view, setView] = useState<LibraryView>(readView);
  const choose = useCallback((next: LibraryView) => {
    setView(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // storage blocked: the choice holds for this visit
    }
  }, []);
  return [view, choose];
}
