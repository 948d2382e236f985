import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { trackSave } from './save-status';

/**
 * A text field that saves by itself half a second after typing stops, and never loses what was typed:
 * every keystroke is also kept as a draft in localStorage (synchronous, so it survives the page
 * closing mid-edit), and drafts left by a closed page are saved on the next visit (recoverDrafts).
 */
const PREFIX = 'lga-draft:';
const DELAY_MS = 500;

function readDraft(key: string): string | null {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}
function writeDraft(key: string, value: string) {
  try {
    localStorage.setItem(PREFIX + key, value);
  } catch {
    // storage full or blocked: the debounced save still runs
  }
}
function clearDraft(key: string, ifValue: string) {
  try {
    if (localStorage.getItem(PREFIX + key) === ifValue) localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing to clear
  }
}

export function useAutosavedText(draftKey: string, stored: string, save: (value: string) => Promise<unknown>): [string, (value: string) => void] {
  const [value, setValue] = useState(() => readDraft(draftKey) ?? stored);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(() => {
    if (timer.current === undefined) return;
    clearTimeout(timer.current);
    timer.current = undefined;
    const v = latest.current;
    void trackSave(saveRef.current(v)).then(
      () => clearDraft(draftKey, v),
      () => undefined, // the draft stays; the status says it failed
    );
  }, [draftKey]);

  // A draft that a closed page left (shown as the value) is saved now, like a fresh edit.
  useEffect(() => {
    const draft = readDraft(draftKey);
    if (draft === null) return;
    if (draft === stored) return clearDraft(draftKey, draft);
    latest.current = draft;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, DELAY_MS);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the field first shows its draft
  }, [draftKey, flush]);

  // A change made elsewhere (another page) shows here unless the user is mid-edit.
  useEffect(() => {
    if (timer.current === undefined && readDraft(draftKey) === null && stored !== latest.current) {
      latest.current = stored;
      setValue(stored);
    }
  }, [stored, draftKey]);

  // Save at once when the page is hidden or closed, and when the field goes (a virtualised row).
  useEffect(() => {
    const onHide = () => flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      flush();
    };
  }, [flush]);

  const onInput = useCallback(
    (v: string) => {
      latest.current = v;
      setValue(v);
      writeDraft(draftKey, v);
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, DELAY_MS);
    },
    [draftKey, flush],
  );
  return [value, onInput];
}

/**
 * Saves drafts that a closed page left behind: `apply(key, value)` stores one, and then it is cleared.
 * A draft `apply` does not know (it returns false) is kept: its field saves it when it next shows.
 */
export async function recoverDrafts(apply: (key: string, value: string) => Promise<boolean>): Promise<number> {
  const found: Array<[string, string]> = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(PREFIX)) found.push([k.slice(PREFIX.length), localStorage.getItem(k) ?? '']);
    }
  } catch {
    return 0;
  }
  let saved = 0;
  for (const [key, value] of found) {
    if (!(await apply(key, value))) continue;
    clearDraft(key, value);
    saved++;
  }
  return saved;
}
