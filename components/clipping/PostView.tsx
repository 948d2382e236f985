import { i18n } from '#i18n';
import type { PostSnapshot } from '@/utils/snapshot';
import { formatDateTime } from '@/utils/format';
import { useImageCopies } from './use-image-copies';

/** A clipped post as it was: author, context, text, quoted post, media, time and link. All text is rendered as text. */
export function PostView({ snapshot, headingId, headingLevel = 2 }: { snapshot: PostSnapshot; headingId: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
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
