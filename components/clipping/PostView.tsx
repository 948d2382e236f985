import { i18n } from '#i18n';
import type { PostSnapshot } from '@/utils/snapshot';
import type { TextVersion } from '@/utils/domain/text-versions';
import { formatDateTime, formatNumber } from '@/utils/format';
import { useImageCopies } from './use-image-copies';

/**
 * A clipped post as it was: author, context, text, the texts it had before an edit, quoted post, media
 * (from its kept copies when there are), time and link. All text is rendered as text.
 */
export function PostView({ snapshot, headingId, headingLevel = 2, versions = [] }: { snapshot: PostSnapshot; headingId: string; headingLevel?: 2 | 3 | 4; versions?: readonly TextVersion[] }) {
  const H = headingLevel === 2 ? 'h2' : headingLevel === 3 ? 'h3' : 'h4';
  const shown = useImageCopies(snapshot.postId);
  return (
    <div class="post">
      {snapshot.repostedBy && <p class="post-context">{i18n.t('post.repostedBy', [snapshot.repostedBy.name])}</p>}
      <H class="post-author" id={headingId}>
        <span class="post-name">{snapshot.author.name}</span> <span class="post-handle">@{snapshot.author.handle}</span>
      </H>
      {snapshot.replyTo && <p class="post-context">{i18n.t('post.replyTo', [snapshot.replyTo.handles.map((h) => `@${h}`).join(' ')])}</p>}
      <p class="post-text" lang={snapshot.lang}>
        {snapshot.text}
      </p>
      <EarlierVersions versions={versions} lang={snapshot.lang} />
      <Media media={snapshot.media} shown={shown} />
      {snapshot.quoted && (
        <blockquote class="post-quoted">
          <p class="post-context">{i18n.t('post.quoting', [snapshot.quoted.author ? `@${snapshot.quoted.author.handle}` : ''])}</p>
          <p class="post-text" lang={snapshot.quoted.lang}>
            {snapshot.quoted.text}
          </p>
          <Media media={snapshot.quoted.media} shown={shown} />
        </blockquote>
      )}
      <p class="post-meta">
        <a href={snapshot.permalink} target="_blank" rel="noopener noreferrer">
          {i18n.t('post.openOnX')}
        </a>
        {snapshot.postedAt && <> · {i18n.t('post.postedOn', [formatDateTime(snapshot.postedAt)])}</>}
      </p>
    </div>
  );
}

/** "Edited: N earlier versions", closed until asked for; each version's text with when it was captured, newest first. */
function EarlierVersions({ versions, lang }: { versions: readonly TextVersion[]; lang?: string }) {
  if (versions.length === 0) return null;
  return (
    <details class="post-versions">
      <summary>{i18n.t('post.earlierVersions', versions.length, [formatNumber(versions.length)])}</summary>
      <ol reversed>
        {[...versions].reverse().map((v) => (
          <li key={v.capturedAt + v.text}>
            <p class="post-meta">{i18n.t('post.versionCaptured', [formatDateTime(v.capturedAt)])}</p>
            <p class="post-text" lang={lang}>
              {v.text}
            </p>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Each photo from its local copy when one is kept ("Keep copies of images"), else from X's media CDN. */
function Media({ media, shown }: { media: PostSnapshot['media']; shown: ReturnType<typeof useImageCopies> }) {
  if (media.length === 0) return null;
  return (
    <ul class="post-media">
      {media.map((m, i) => {
        const image = m.type === 'photo' ? shown(m.url, m.url.replace('name=orig', 'name=small')) : m.posterUrl ? shown(m.posterUrl, '') : undefined;
        return (
          <li key={i}>
            {m.type === 'photo' ? (
              <img src={image?.src} alt={m.altText ?? ''} loading="lazy" width={120} height={90} />
            ) : (
              <span class="post-media-label">{i18n.t(m.type === 'gif' ? 'post.gif' : 'post.video')}</span>
            )}
            <span class="post-media-alt">{m.type === 'photo' && (m.altText ? i18n.t('post.photoAlt', [m.altText]) : i18n.t('post.photoNoAlt'))}</span>
            {image?.notKept && <span class="post-media-copy">{i18n.t(image.notKept === 'failed' ? 'post.copyFailed' : 'post.copyRetrying')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
