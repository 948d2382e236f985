import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendRequest } from '@/utils/messaging/client';
import { trackSave } from './save-status';

/**
 * A text field that saves by itself half a second after typing stops, and never loses what was typed:
 * - every keystroke is also kept as a draft in localStorage (synchronous, so it survives the page
 *   closing mid-edit), and drafts left by a closed page are saved on the next visit (recoverDrafts);
 * - when the page is hidden or closed with an edit not yet stored, the field saves it at once and, for
 *   an annotation's lesson or note (draft key `<postId>:lesson` or `<postId>:note`), also hands it to
 *   the background (`saveAnnotationText`), which stores it even if the page is gone a moment later
 *   and never over a text saved elsewhere after this edit;
 * - another open page's draft of the same field shows here as it is typed (the `storage` event),
 *   unless this page has an edit of its own not yet stored.
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

/** An edit not yet known to be stored. */
export interface PendingEdit {
  text: string;
  /** The field's text when the edit began: what the page showed before its first keystroke. */
  replaces: string;
  /** When its last keystroke was typed (ms since the epoch). */
  editedAt: number;
}

/** The owner's lesson or note that a draft key names (`<postId>:lesson`, `<postId>:note`), if it names one. */
export function annotationTextOf(draftKey: string): { postId: string; field: 'lesson' | 'note' } | null {
  const match = /^(\d{1,25}):(lesson|note)$/.exec(draftKey);
  return match ? { postId: match[1]!, field: match[2] as 'lesson' | 'note' } : null;
}

/** How often a page typing an annotation's text reminds the background's worker to keep running. */
const KEEP_AWAKE_MS = 10_000;
let lastKeepAwake = -Infinity;

/**
 * While an annotation's text is typed, the background's worker is kept running (a stopped worker may
 * miss a message sent by a page that is closing), so the hand-off below reaches it.
 */
function keepBackgroundAwake(draftKey: string) {
  if (!annotationTextOf(draftKey) || Date.now() - lastKeepAwake < KEEP_AWAKE_MS) return;
  lastKeepAwake = Date.now();
  void sendRequest<'keepAwake'>({ type: 'keepAwake' });
}

/** Hands an annotation's unsaved text to the background, which stores it even if this page closes now. */
function handOff(draftKey: string, edit: PendingEdit) {
  const target = annotationTextOf(draftKey);
  if (!target) return;
  void sendRequest<'saveAnnotationText'>({ type: 'saveAnnotationText', ...target, ...edit }).then((reply) => {
    if (reply.ok && reply.value.outcome !== 'newer-kept') clearDraft(draftKey, edit.text);
  });
}

export function useAutosavedText(draftKey: string, stored: string, save: (value: string) => Promise<unknown>): [string, (value: string) => void] {
  const [value, setValue] = useState(() => readDraft(draftKey) ?? stored);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  /** This page's edit not yet stored (typed, or a closed page's draft shown here), or null. */
  const pending = useRef<PendingEdit | null>(null);
  /** The edit last handed to the background, so that pagehide after visibilitychange sends it once. */
  const handedOff = useRef<PendingEdit | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(() => {
    if (timer.current === undefined) return;
    clearTimeout(timer.current);
    timer.current = undefined;
    const v = latest.current;
    void trackSave(saveRef.current(v)).then(
      () => {
        clearDraft(draftKey, v);
        const edit = pending.current;
        if (edit?.text === v) pending.current = null;
        else if (edit) edit.replaces = v; // typing went on: the next save replaces this one
      },
      () => undefined, // the draft stays; the status says it failed
    );
  }, [draftKey]);

  // A draft that a closed page left (shown as the value) is saved now, like a fresh edit.
  useEffect(() => {
    const draft = readDraft(draftKey);
    if (draft === null) return;
    if (draft === stored) return clearDraft(draftKey, draft);
    latest.current = draft;
    pending.current = { text: draft, replaces: stored, editedAt: Date.now() };
    keepBackgroundAwake(draftKey);
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, DELAY_MS);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the field first shows its draft
  }, [draftKey, flush]);

  // A change made elsewhere (another page) shows here unless this page has an edit not yet stored.
  useEffect(() => {
    if (pending.current === null && stored !== latest.current) {
      latest.current = stored;
      setValue(stored);
    }
  }, [stored, draftKey]);

  // Another page's draft of this field shows as it is typed, unless this page has its own edit.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== PREFIX + draftKey || event.newValue === null) return;
      if (pending.current !== null || event.newValue === latest.current) return;
      latest.current = event.newValue;
      setValue(event.newValue);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [draftKey]);

  // When the page is hidden or closed, an edit not yet stored is saved at once, and an annotation's
  // is also handed to the background (the page may be gone before its own write completes).
  // When the field goes (a virtualised row), it saves at once.
  useEffect(() => {
    const onHide = () => {
      const edit = pending.current;
      flush();
      if (edit && edit !== handedOff.current) {
        handedOff.current = edit;
        handOff(draftKey, { ...edit });
      }
    };
    const onVisibility = () => (document.visibilityState === 'hidden' ? onHide() : flush());
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [draftKey, flush]);

  const onInput = useCallback(
    (v: string) => {
      const editedAt = Date.now();
      pending.current = { text: v, replaces: pending.current?.replaces ?? latest.current, editedAt };
      latest.current = v;
      setValue(v);
      writeDraft(draftKey, v);
      keepBackgroundAwake(draftKey);
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
