import { useLayoutEffect, useMemo, useReducer, useState } from 'preact/hooks';
import { Virtualizer, elementScroll, measureElement, observeWindowOffset, observeWindowRect, windowScroll, type VirtualizerOptions } from '@tanstack/virtual-core';
import { TypicalSize } from '@/utils/typical-size';

/**
 * TanStack Virtual's core, driven by the window's scroll (so the page zooms to 400% and scrolls as a
 * page does), for Preact. Only the rows near the viewport are rendered; each is measured as it renders.
 *
 * A row not yet measured is assumed to be as tall as most rows measured so far (utils/typical-size.ts),
 * from `estimateSize` until the first is measured: every row measured at another size makes the
 * virtualiser place every row after it again. A row still drawn as `placeholder` (its records not read
 * yet) keeps the size the virtualiser holds for it, as its blank box says nothing of the row's size.
 *
 * Rows are keyed by `ids` (a row's post id): the key function is made again only when the ids change, as a
 * new one makes the virtualiser place every row again (all 50,000 at 50,000), and the pages render on
 * every frame of a scroll.
 */
export function useWindowVirtualizer(options: { count: number; estimateSize: number; overscan?: number; scrollMargin?: number; ids?: readonly string[]; placeholder?: string }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const ids = options.ids;
  const getItemKey = useMemo(() => (ids ? (i: number) => ids[i] ?? i : defaultKey), [ids]);
  const [typical] = useState(() => new TypicalSize(options.estimateSize));
  const [estimateSize] = useState(() => () => typical.value);
  const placeholder = options.placeholder;
  const [measure] = useState(() => (element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<Window, Element>) => {
    if (placeholder && element.querySelector(placeholder)) {
      // What the virtualiser holds for it, as it compares (a size measured, else the one it placed it with).
      const index = instance.indexFromElement(element);
      return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.measurementsCache[index]?.size ?? typical.value;
    }
    const size = measureElement(element, entry, instance);
    typical.note(size);
    return size;
  });
  const resolved: VirtualizerOptions<Window, Element> = {
    getScrollElement: () => (typeof window === 'undefined' ? null : window),
    observeElementRect: observeWindowRect,
    observeElementOffset: observeWindowOffset,
    scrollToFn: windowScroll,
    measureElement: measure,
    initialOffset: () => (typeof window === 'undefined' ? 0 : window.scrollY),
    overscan: options.overscan ?? 4,
    count: options.count,
    estimateSize,
    scrollMargin: options.scrollMargin ?? 0,
    getItemKey,
    onChange: () => rerender(0),
  };
  const [instance] = useState(() => new Virtualizer<Window, Element>(resolved));
  instance.setOptions(resolved);
  useLayoutEffect(() => instance._didMount(), []);
  useLayoutEffect(() => instance._willUpdate());
  return instance;
}

const defaultKey = (i: number) => i;

export { elementScroll };
