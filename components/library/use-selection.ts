import { useCallback, useState } from 'preact/hooks';

/**
 * The clippings selected (for export, or for acting on many at once): a set of post ids, a way to tick
 * or untick one, and one for many.
 */
export function useSelection(): [ReadonlySet<string>, (postId: string, on: boolean) => void, (postIds: readonly string[], on: boolean) => void] {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const select = useCallback((postId: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(postId);
      else next.delete(postId);
      return next;
    });
  }, []);
  const selectMany = useCallback((postIds: readonly string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of postIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  return [selected, select, selectMany];
}
