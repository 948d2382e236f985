import { describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/preact';
import { useSelection } from './use-selection';
import { useListKeyboard } from './use-list-keyboard';
import { usePendingFocus } from './use-pending-focus';

describe('useSelection', () => {
  it('ticks and unticks clippings for export', () => {
    const { result } = renderHook(() => useSelection());
    act(() => result.current[1]('1', true));
    act(() => result.current[1]('2', true));
    act(() => result.current[1]('1', false));
    expect([...result.current[0]]).toEqual(['2']);
  });
});

function rows(ids: string[]) {
  document.body.innerHTML = `<input id="typing">${ids.map((id) => `<article tabindex="-1" data-post-id="${id}">${id}</article>`).join('')}`;
}
const press = (key: string, target: Element = document.activeElement ?? document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

describe('useListKeyboard', () => {
  it('moves with j and k, goes to the search with /, and does nothing while typing', () => {
    const ids = ['1', '2', '3'];
    rows(ids);
    const scroller = { scrollToIndex: vi.fn() };
    const search = document.createElement('input');
    document.body.append(search);
    renderHook(() => useListKeyboard(ids, scroller, { current: search }, { current: null }));
    press('j', document.body);
    expect((document.activeElement as HTMLElement).dataset.postId).toBe('1');
    press('j');
    expect((document.activeElement as HTMLElement).dataset.postId).toBe('2');
    press('k');
    expect((document.activeElement as HTMLElement).dataset.postId).toBe('1');
    expect(scroller.scrollToIndex).toHaveBeenLastCalledWith(0, { align: 'start' });
    press('/');
    expect(document.activeElement).toBe(search);
    const typing = document.getElementById('typing')!;
    typing.focus();
    press('j', typing);
    expect(document.activeElement).toBe(typing);
  });
});

describe('usePendingFocus', () => {
  it('focuses a clipping once it is drawn, and the Undo button when asked', () => {
    rows([]);
    const scroller = { scrollToIndex: vi.fn() };
    const undo = document.createElement('button');
    const undoRef = { current: null as HTMLButtonElement | null };
    const { result, rerender } = renderHook(({ ids }) => usePendingFocus(ids, scroller, undoRef), { initialProps: { ids: ['7'] } });
    result.current.current = '7';
    rerender({ ids: ['7'] });
    expect(result.current.current).toBe('7'); // not drawn yet: still waiting
    rows(['7']);
    rerender({ ids: ['7'] });
    expect((document.activeElement as HTMLElement).dataset.postId).toBe('7');
    expect(result.current.current).toBeNull();
    document.body.append(undo);
    undoRef.current = undo;
    result.current.current = 'undo';
    rerender({ ids: ['7'] });
    expect(document.activeElement).toBe(undo);
  });
});
