import { useLayoutEffect, useReducer, useState } from 'preact/hooks';
import { Virtualizer, elementScroll, measureElement, observeWindowOffset, observeWindowRect, windowScroll, type VirtualizerOptions } from '@tanstack/virtual-core';

/**
 * TanStack Virtual's core, driven by the window's scroll (so the page zooms to 400% and scrolls as a
 * page does), for Preact. Only the rows near the viewport are rendered; each is measured as it renders.
 */
export function useWindowVirtualizer(options: { count: number; estimateSize(index: number): number; overscan?: number; scrollMargin?: number; getItemKey?(index: number): string | number }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const resolved: VirtualizerOptions<Window, Element> = {
    getScrollElement: () => (typeof window === 'undefined' ? null : window),
    observeElementRect: observeWindowRect,
    observeElementOffset: observeWindowOffset,
    scrollToFn: windowScroll,
    measureElement,
    initialOffset: () => (typeof window === 'undefined' ? 0 : window.scrollY),
    overscan: options.overscan ?? 4,
    count: options.count,
    estimateSize: options.estimateSize,
    scrollMargin: options.scrollMargin ?? 0,
    getItemKey: options.getItemKey ?? ((i) => i),
    onChange: () => rerender(0),
  };
  const [instance] = useState(() => new Virtualizer<Window, Element>(resolved));
  instance.setOptions(resolved);
  useLayoutEffect(() => instance._didMount(), []);
  useLayoutEffect(() => instance._willUpdate());
  return instance;
}

export { elementScroll };
