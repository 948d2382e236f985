import { useEffect, useMemo } from 'preact/hooks';
import { getDb } from '@/utils/store/db';
import { copiesOf, type ImageCopyRecord } from '@/utils/store/images';
import { useLiveQuery } from '../use-live-query';

export interface ShownImage {
  /** What the <img> shows: the local copy's object URL, X's address, or undefined while still looking. */
  src: string | undefined;
  /** A wanted copy not made: 'retrying' (failed, to be tried again later) or 'failed' (given up); else false. */
  notKept: 'retrying' | 'failed' | false;
}

/**
 * Where a clipping's images are shown from: a kept copy (an object URL of its stored bytes, revoked
 * when the copy changes or the clipping is no longer shown), else X's media CDN. Until the lookup has
 * answered nothing is requested, so an image with a copy never reaches X.
 */
export function useImageCopies(postId: string): (url: string, fallback: string) => ShownImage {
  const { value: copies } = useLiveQuery(() => copiesOf(getDb(), postId), [postId]);
  const urls = useMemo(() => {
    const map = new Map<string, { objectUrl?: string; record: ImageCopyRecord }>();
    for (const record of copies ?? []) {
      const objectUrl = record.state === 'kept' && record.data ? URL.createObjectURL(new Blob([record.data as BlobPart], { type: record.type })) : undefined;
      map.set(record.url, { objectUrl, record });
    }
    return map;
  }, [copies]);
  useEffect(
    () => () => {
      for (const { objectUrl } of urls.values()) if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
    [urls],
  );
  return (url, fallback) => {
    if (copies === undefined) return { src: undefined, notKept: false };
    const copy = urls.get(url);
    if (copy?.objectUrl) return { src: copy.objectUrl, notKept: false };
    return { src: fallback, notKept: !copy || copy.record.attempts === 0 ? false : copy.record.state === 'failed' ? 'failed' : 'retrying' };
  };
}
