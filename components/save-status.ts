import { useEffect, useState } from 'preact/hooks';
import { isQuotaError } from '@/utils/store/errors';

/**
 * The page's one quiet save status ("Saving", "Saved", or a failure: `full` when the browser's storage is
 * full, which the user must make room for), fed by every edit. Edits save by themselves; this only tells the
 * user it happened.
 */
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed' | 'full';

let status: SaveStatus = 'idle';
let inFlight = 0;
const listeners = new Set<(s: SaveStatus) => void>();

function set(next: SaveStatus) {
  status = next;
  for (const l of listeners) l(next);
}

/** Runs a save and reports it in the page's status. */
export async function trackSave<T>(work: Promise<T>): Promise<T> {
  inFlight++;
  set('saving');
  try {
    const result = await work;
    if (--inFlight === 0) set('saved');
    return result;
  } catch (error) {
    inFlight--;
    set(isQuotaError(error) ? 'full' : 'failed');
    throw error;
  }
}

export function useSaveStatus(): SaveStatus {
  const [value, setValue] = useState(status);
  useEffect(() => {
    listeners.add(setValue);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
}
