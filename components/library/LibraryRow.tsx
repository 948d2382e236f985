import { i18n } from '#i18n';
import { getDb, OWNER } from '@/utils/store/db';
import { useLiveQuery } from '../use-live-query';
import { OtherContributors } from '../bundle/OtherContributors';
import { ClippingCard } from '../clipping/ClippingCard';

interface RowProps {
  postId: string;
  themes: Parameters<typeof ClippingCard>[0]['themes'];
  onRemove(id: string): void;
  selected: boolean;
  onSelect(id: string, selected: boolean): void;
}

/** One clipping of the library's list: it reads its own record (live), with other contributors' verdicts and "Select for export". */
export function LibraryRow({ postId, themes, onRemove, selected, onSelect }: RowProps) {
  const db = getDb();
  const { value } = useLiveQuery(async () => {
    const [clipping, annotation] = await Promise.all([db.clippings.get(postId), db.annotations.get([postId, OWNER])]);
    return { clipping, annotation };
  }, [postId]);
  if (!value?.clipping) return <div class="clipping-placeholder" />;
  const selectId = `select-${postId}`;
  return (
    <ClippingCard
      clipping={value.clipping}
      annotation={value.annotation}
      themes={themes}
      onRemove={onRemove}
      extra={
        <>
          <OtherContributors postId={postId} />
          <div class="checkbox single select-for-export">
            <input id={selectId} type="checkbox" checked={selected} onChange={(e) => onSelect(postId, e.currentTarget.checked)} />
            <label for={selectId}>{i18n.t('library.selectForExport', [value.clipping.snapshot.author.handle])}</label>
          </div>
        </>
      }
    />
  );
}
