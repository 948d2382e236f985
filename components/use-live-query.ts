import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Runs a Dexie query and re-runs it whenever the data it read changes, in this page or any other
 * context of the extension (Dexie tells them apart through BroadcastChannel). The Preact twin of
 * dexie-react-hooks' useLiveQuery, which is written for React.
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): { value: T | undefined; error: unknown } {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>({ value: undefined, error: undefined });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value, error: undefined }),
      error: (error: unknown) => setState((s) => ({ value: s.value, error })),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
