import { useEffect, useRef } from 'preact/hooks';
import { i18n } from '#i18n';
import type { Theme } from '@/utils/store/themes';
import { LibraryRow } from './LibraryRow';

/**
 * "Clipping details": every annotation control of one clipping (the card of the Cards view, with
 * other contributors' verdicts), beside the list on a wide screen and over it on a narrow one. It takes
 * focus when it opens; Escape or "Close" closes it and focus goes back to the clipping's row.
 */
export function DetailPanel({ postId, themes, selected, onSelect, onRemove, onClose }: { postId: string; themes: readonly Theme[]; selected: boolean; onSelect(id: string, on: boolean): void; onRemove(id: string): void; onClose(): void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [postId]);
  return (
    <section
      class="detail-panel"
      role="region"
      aria-label={i18n.t('workbench.details')}
      tabindex={-1}
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="detail-head">
        <button type="button" class="button button-secondary" onClick={onClose}>
          {i18n.t('workbench.close')}
        </button>
      </div>
      <LibraryRow postId={postId} themes={[...themes]} onRemove={onRemove} selected={selected} onSelect={onSelect} />
    </section>
  );
}
