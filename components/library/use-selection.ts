import { useCallback, useState } from 'preact/hooks';

/** The clippings ticked "Select for export": a set of post ids, and a way to tick or untick one. */
export function useSelection(): [ReadonlySet<string>, (postId: string, on: boolean) => void] {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const select = useCallback((postId: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(postId);
      else next.delete(postId);
      return next;
    });
  }, []);
  return [selected, select];
}
