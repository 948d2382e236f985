import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, imageSources, isMediaUrl, nextAttemptAt, renditionUrl, baseType } from './plan';
import { makeSnapshot } from '@/tests/unit/snapshots';

describe('which images are copied, and from where', () => {
  it('takes photos and posters of the post and its quoted post, each once, from X\u2019s media CDN only', () => {
    const photo = 'https://pbs.twimg.com/media/GaAbCdE.jpg?name=orig';
    const poster = 'https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/x.jpg';
    const snapshot = makeSnapshot({
      media: [{ type: 'photo', url: photo }, { type: 'video', posterUrl: poster }, { type: 'photo', url: 'https://example.com/a.jpg?name=orig' }, { type: 'video' }],
      quoted: { text: '', entities: { links: [], mentions: [], hashtags: [] }, media: [{ type: 'photo', url: photo }, { type: 'gif', posterUrl: 'https://pbs.twimg.com/tweet_video_thumb/G.jpg' }], truncated: false },
    });
    expect(imageSources(snapshot)).toEqual([photo, poster, 'https://pbs.twimg.com/tweet_video_thumb/G.jpg']);
  });

  it('accepts https on pbs.twimg.com and video.twimg.com only', () => {
    expect(isMediaUrl('https://pbs.twimg.com/media/a.jpg')).toBe(true);
    expect(isMediaUrl('https://video.twimg.com/a.jpg')).toBe(true);
    expect(isMediaUrl('http://pbs.twimg.com/media/a.jpg')).toBe(false);
    expect(isMediaUrl('https://pbs.twimg.com.evil.example/media/a.jpg')).toBe(false);
    expect(isMediaUrl('https://user@pbs.twimg.com/media/a.jpg')).toBe(false);
    expect(isMediaUrl('https://pbs.twimg.com:8443/media/a.jpg')).toBe(false);
    expect(isMediaUrl('not a url')).toBe(false);
  });

  it('asks X for the medium or small rendition of a photo, and a poster as it is', () => {
    expect(renditionUrl('https://pbs.twimg.com/media/GaAbCdE?format=jpg&name=orig', 'medium')).toBe('https://pbs.twimg.com/media/GaAbCdE?format=jpg&name=medium');
    expect(renditionUrl('https://pbs.twimg.com/media/GaAbCdE?format=jpg&name=orig', 'small')).toBe('https://pbs.twimg.com/media/GaAbCdE?format=jpg&name=small');
    expect(renditionUrl('https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/x.jpg', 'medium')).toBe('https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/x.jpg');
  });

  it('reads the base content type', () => {
    expect(baseType('Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(baseType(null)).toBe('');
  });
});

describe('retry schedule', () => {
  it('waits longer after each failure and gives up after the last attempt', () => {
    const now = 1_000_000;
    const waits = [1, 2, 3, 4].map((n) => nextAttemptAt(n, now)! - now);
    expect(waits).toEqual([...RETRY_DELAYS_MS]);
    expect(waits.every((w, i) => i === 0 || w > waits[i - 1]!)).toBe(true);
    expect(nextAttemptAt(MAX_ATTEMPTS, now)).toBeNull();
    expect(nextAttemptAt(MAX_ATTEMPTS + 3, now)).toBeNull();
  });
});
