import { i18n } from '#i18n';
import { OWNER } from '@/utils/store/db';
import { agreementOf } from '@/utils/domain/agreement';
import type { Theme } from '@/utils/store/themes';
import type { RowRecords } from '@/utils/store/rows';
import { agreementText, VerdictTag } from '../bundle/OtherContributors';
import { authorTypeLabel } from '../clipping/labels';

interface ListRowProps {
  postId: string;
  /** Its records, read with the other rows drawn (use-rows.ts); undefined until they arrive. */
  row: RowRecords | undefined;
  themes: readonly Theme[];
  /** The row the keyboard is on: the one in the tab order. */
  current: boolean;
  /** Its details are open in the panel. */
  open: boolean;
  selected: boolean;
  onOpen(postId: string): void;
  onFocusRow(postId: string): void;
  onSelect(postId: string, on: boolean, range: boolean): void;
}

/**
 * One clipping in the List view, in at most three lines: author, handle and author type; the text cut
 * to two lines; the owner's verdict in words and shape, the team's agreement ("4 do, 1 don't") and the
 * themes. A click or Enter opens it in the detail panel. The List view reads its records, with the other
 * rows drawn (use-rows.ts).
 */
export function ListRow({ postId, row: value, themes, current, open, selected, onOpen, onFocusRow, onSelect }: ListRowProps) {
  if (!value?.clipping) return <div class="list-row-placeholder" />;
  const { snapshot } = value.clipping;
  const owner = value.annotations.find((a) => a.contributorId === OWNER);
  const agreement = agreementOf(value.annotations.filter((a) => a.verdict !== 'undecided'));
  const themeNames = (owner?.themes ?? []).map((id) => themes.find((t) => t.id === id)?.name).filter(Boolean);
  const headingId = `row-${postId}`;
  const selectId = `row-select-${postId}`;
  return (
    <article
      class={`list-row verdict-${owner?.verdict ?? 'undecided'}${open ? ' is-open' : ''}${selected ? ' is-selected' : ''}`}
      aria-labelledby={headingId}
      data-post-id={postId}
      tabindex={current ? 0 : -1}
      aria-current={open ? 'true' : undefined}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusRow(postId);
      }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('input, label, button, a')) return;
        onOpen(postId);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) {
          e.preventDefault();
          onOpen(postId);
        }
      }}
    >
      <div class="list-row-select checkbox single">
        <input
          id={selectId}
          type="checkbox"
          checked={selected}
          onClick={(e) => onSelect(postId, e.currentTarget.checked, e.shiftKey)}
        />
        <label for={selectId}>
          <span class="visually-hidden">{i18n.t('workbench.selectRow', [snapshot.author.handle])}</span>
        </label>
      </div>
      <h2 class="list-row-author" id={headingId}>
        <span class="post-name">{snapshot.author.name}</span> <span class="post-handle">@{snapshot.author.handle}</span>
        {owner && owner.authorType !== 'notSet' && <span class="list-row-type"> · {authorTypeLabel(owner.authorType)}</span>}
      </h2>
      <p class="list-row-text" lang={snapshot.lang}>
        {snapshot.text}
      </p>
      <p class="list-row-verdict">
        <VerdictTag verdict={owner?.verdict ?? 'undecided'} />
      </p>
      <p class="list-row-agreement">{agreement.do + agreement.dont > 0 ? agreementText(agreement) : ''}</p>
      <p class="list-row-themes">{themeNames.join(', ')}</p>
    </article>
  );
}
