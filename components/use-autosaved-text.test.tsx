import { act, renderHook } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { annotationTextOf, useAutosavedText } from './use-autosaved-text';

const ID = '1846200000000000001';
let clock = Date.UTC(2026, 11, 5, 12);
let sent: unknown[];

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  // A minute apart, so the once-every-10-seconds reminder to the background starts afresh in each test.
  clock += 60_000;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: clock });
  localStorage.clear();
  sent = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    sent.push(message);
    return (message as { type: string }).type === 'saveAnnotationText'
      ? { ok: true, value: { postId: ID, field: 'lesson', outcome: 'written' } }
      : { ok: true, value: {} };
  });
});
afterEach(() => {
  vi.useRealTimers();
  setVisibility('visible');
});

const handOffs = () => sent.filter((m) => (m as { type: string }).type === 'saveAnnotationText');

function field(key: string, stored: string, save = vi.fn(async (_v: string) => {})) {
  const hook = renderHook(({ stored: s }: { stored: string }) => useAutosavedText(key, s, save), { initialProps: { stored } });
  const type = (text: string) => act(() => hook.result.current[1](text));
  return { hook, save, type, value: () => hook.result.current[0] };
}

describe('useAutosavedText: the last edit when the page is hidden or closed', () => {
  it('saves at once and hands an annotation’s text to the background, with what it replaced and when', async () => {
    const { save, type } = field(`${ID}:lesson`, 'Before');
    type('Before, and after');
    vi.advanceTimersByTime(120);
    type('Before, and after that');
    const typedAt = Date.now();
    vi.advanceTimersByTime(80);
    setVisibility('hidden');
    expect(save).toHaveBeenCalledWith('Before, and after that');
    expect(handOffs()).toEqual([
      { type: 'saveAnnotationText', postId: ID, field: 'lesson', text: 'Before, and after that', replaces: 'Before', editedAt: typedAt },
    ]);
    // pagehide follows visibilitychange when a tab closes: the same edit is not sent twice.
    window.dispatchEvent(new Event('pagehide'));
    expect(handOffs()).toHaveLength(1);
  });

  it('hands the edit over on pagehide alone, and the note too', () => {
    const { type } = field(`${ID}:note`, '');
    type('Ask highways for the photo');
    window.dispatchEvent(new Event('pagehide'));
    expect(handOffs()).toEqual([expect.objectContaining({ postId: ID, field: 'note', text: 'Ask highways for the photo', replaces: '' })]);
  });

  it('hands nothing over when every edit is stored', async () => {
    const { save, type } = field(`${ID}:lesson`, '');
    type('Saved by the half-second save');
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledTimes(1);
    await act(async () => {}); // the save resolves
    setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));
    expect(handOffs()).toEqual([]);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('an edit typed on after a save replaces what that save stored', async () => {
    const { type } = field(`${ID}:lesson`, 'First');
    type('First draft');
    vi.advanceTimersByTime(500);
    await act(async () => {});
    type('First draft, revised');
    setVisibility('hidden');
    expect(handOffs()).toEqual([expect.objectContaining({ text: 'First draft, revised', replaces: 'First draft' })]);
  });

  it('an edit typed while a save is under way replaces what that save stores', async () => {
    let finish = () => {};
    const save = vi.fn((_v: string) => new Promise<void>((resolve) => (finish = resolve)));
    const { type } = field(`${ID}:lesson`, 'First', save);
    type('First draft');
    vi.advanceTimersByTime(500);
    type('First draft, revised');
    await act(async () => finish());
    setVisibility('hidden');
    expect(handOffs()).toEqual([expect.objectContaining({ text: 'First draft, revised', replaces: 'First draft' })]);
  });

  it('hands over a draft a closed page left, shown here and not yet saved', () => {
    localStorage.setItem(`lga-draft:${ID}:lesson`, 'Left in a closed tab');
    const { value } = field(`${ID}:lesson`, 'Stored');
    expect(value()).toBe('Left in a closed tab');
    window.dispatchEvent(new Event('pagehide'));
    expect(handOffs()).toEqual([expect.objectContaining({ text: 'Left in a closed tab', replaces: 'Stored' })]);
  });

  it('hands nothing to the background for text that is not an annotation’s (options, theme names), but saves it', () => {
    const { save, type } = field('options:name', 'Sam');
    type('Sam Jones');
    setVisibility('hidden');
    expect(save).toHaveBeenCalledWith('Sam Jones');
    expect(sent).toEqual([]);
  });

  it('keeps the background awake while an annotation is typed: at the first keystroke, then at most every 10 seconds', () => {
    const { type } = field(`${ID}:lesson`, '');
    type('a');
    type('ab');
    expect(sent).toEqual([{ type: 'keepAwake' }]);
    vi.advanceTimersByTime(9_000);
    type('abc');
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1_500);
    type('abcd');
    expect(sent).toEqual([{ type: 'keepAwake' }, { type: 'keepAwake' }]);
  });
});

describe('useAutosavedText: another page’s draft', () => {
  const draftEvent = (key: string, newValue: string | null) => new StorageEvent('storage', { key: `lga-draft:${key}`, newValue, storageArea: localStorage });

  it('shows another page’s draft of the same field as it is typed, and nothing for other fields', () => {
    const { value } = field(`${ID}:lesson`, 'Stored');
    act(() => void window.dispatchEvent(draftEvent(`${ID}:lesson`, 'Typed in the popup')));
    expect(value()).toBe('Typed in the popup');
    act(() => void window.dispatchEvent(draftEvent(`${ID}:note`, 'A note')));
    act(() => void window.dispatchEvent(draftEvent(`${ID}:lesson`, null)));
    expect(value()).toBe('Typed in the popup');
  });

  it('does not clobber the field while this page has an edit not yet stored', async () => {
    const { value, type } = field(`${ID}:lesson`, 'Stored');
    type('Typed here');
    act(() => void window.dispatchEvent(draftEvent(`${ID}:lesson`, 'Typed in the popup')));
    expect(value()).toBe('Typed here');
    vi.advanceTimersByTime(500);
    await act(async () => {});
    act(() => void window.dispatchEvent(draftEvent(`${ID}:lesson`, 'Typed in the popup, later')));
    expect(value()).toBe('Typed in the popup, later');
  });

  it('shows a change stored elsewhere only when this page has no edit of its own pending', async () => {
    const { hook, value, type } = field(`${ID}:lesson`, 'Stored');
    type('Mine');
    hook.rerender({ stored: 'From elsewhere' });
    expect(value()).toBe('Mine');
    vi.advanceTimersByTime(500);
    await act(async () => {});
    hook.rerender({ stored: 'Mine' });
    hook.rerender({ stored: 'Changed in the popup' });
    expect(value()).toBe('Changed in the popup');
  });
});

describe('annotationTextOf', () => {
  it.each([
    [`${ID}:lesson`, { postId: ID, field: 'lesson' }],
    [`${ID}:note`, { postId: ID, field: 'note' }],
    ['options:name', null],
    ['theme:tone', null],
    [`${ID}:verdict`, null],
    [`../${ID}:lesson`, null],
  ])('%s', (key, expected) => {
    expect(annotationTextOf(key)).toEqual(expected);
  });
});
