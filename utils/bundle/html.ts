import type { Media } from '@/utils/snapshot';
import type { BundleClipping } from './schema';
import { ANON_HANDLE } from './anonymise';
import { agreementLine, label, message, authorOf, contributorLabel, formatDay, sectionLabel, sectionOf, verdictLabel } from './view';

/**
 * clippings.html: every clipping on one self-contained page to read or print. No script and nothing
 * loaded from anywhere (a Content-Security-Policy says so too); every text from a post or an
 * annotation is escaped, so markup in a post shows as text and never runs. lang="en-GB", landmarks,
 * one h1, an h2 per clipping, links that say where they go.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only https links are written (the schema allows no other); anything else becomes no link. */
function href(url: string): string | null {
  return /^https:\/\//i.test(url) ? escapeHtml(url) : null;
}

function link(url: string, text: string): string {
  const h = href(url);
  return h ? `<a href="${h}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

const STYLE = `
body{font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.5;color:#0b0c0c;background:#fff;margin:0 auto;max-width:50rem;padding:1rem}
h1{font-size:2rem;margin:0 0 .5rem}h2{font-size:1.5rem;margin:0 0 .5rem}
a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
article{border-top:2px solid #b1b4b6;padding:1rem 0;break-inside:avoid}
.text{white-space:pre-wrap;margin:.5rem 0;padding-left:1rem;border-left:5px solid #b1b4b6}
.meta,.agreement{color:#484949}
dl{margin:.5rem 0}dt{font-weight:bold}dd{margin:0 0 .5rem 0}
img{max-width:100%;height:auto}
.verdict{display:inline-block;border:2px solid #0b0c0c;padding:0 .4rem;font-weight:bold}
@media print{a{color:#0b0c0c}a[href]::after{content:" (" attr(href) ")";font-size:.8em;word-break:break-all}body{max-width:none}}
`;

export interface HtmlContext {
  themeName: (id: string) => string;
  /** The zip path of a saved image, when the bundle has images. */
  mediaPath?: (url: string) => string | undefined;
}

export function htmlStart(title: string, subtitle: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(subtitle)}</p>
`;
}

export function htmlEnd(): string {
  return '</main>\n</body>\n</html>\n';
}

function mediaHtml(media: Media[], ctx: HtmlContext): string {
  if (media.length === 0) return '';
  const items = media.map((m) => {
    const alt = m.altText?.trim() ?? '';
    const url = m.type === 'photo' ? m.url : m.posterUrl;
    const path = url ? ctx.mediaPath?.(url) : undefined;
    if (path) return `<li><img src="${escapeHtml(path)}" alt="${escapeHtml(alt)}"></li>`;
    if (m.type === 'photo') return `<li>${escapeHtml(alt ? message('bundle.image', [alt]) : label('bundle.imageNoAlt'))}</li>`;
    return `<li>${escapeHtml(alt ? message('bundle.video', [alt]) : label('bundle.videoNoAlt'))}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

/** One clipping as an article. */
export function htmlClipping(c: BundleClipping, ctx: HtmlContext): string {
  const s = c.snapshot;
  const author = authorOf(c);
  const themes = [...new Set(c.annotations.flatMap((a) => a.themes))].map(ctx.themeName).filter(Boolean);
  const section = sectionOf(c.annotations);
  const parts: string[] = [];
  parts.push(`<article aria-labelledby="p${escapeHtml(c.postId)}">`);
  const heading = author.profileUrl ? `${escapeHtml(author.name)} (${link(author.profileUrl, author.handle)})` : escapeHtml(author.name);
  parts.push(`<h2 id="p${escapeHtml(c.postId)}">${heading}</h2>`);
  parts.push(`<p class="meta">${escapeHtml(s.postedAt ? message('bundle.postedOn', [formatDay(s.postedAt)]) : '')} ${link(s.permalink, label('bundle.viewPost'))}</p>`);
  if (s.repostedBy) parts.push(`<p class="meta">${escapeHtml(message('bundle.repostedBy', [s.repostedBy.name]))}</p>`);
  if (s.replyTo && s.replyTo.handles.length > 0) parts.push(`<p class="meta">${escapeHtml(message('bundle.replyTo', [s.replyTo.handles.map((h) => `@${h}`).join(', ')]))}</p>`);
  parts.push(`<p class="text">${escapeHtml(s.text)}</p>`);
  parts.push(mediaHtml(s.media, ctx));
  if (s.quoted) {
    const who = s.quoted.author ? (s.quoted.author.handle === ANON_HANDLE ? s.quoted.author.name : `${s.quoted.author.name} (@${s.quoted.author.handle})`) : '';
    parts.push(`<blockquote><p class="text">${escapeHtml(message('bundle.quoting', [who, s.quoted.text]))}</p>${mediaHtml(s.quoted.media, ctx)}</blockquote>`);
  }
  parts.push(`<p><span class="verdict">${escapeHtml(sectionLabel(section))}</span> <span class="agreement">${escapeHtml(agreementLine(c))}</span></p>`);
  if (themes.length > 0) parts.push(`<p>${escapeHtml(label('fields.themes'))}: ${escapeHtml(themes.join('; '))}</p>`);
  const notes = c.annotations.filter((a) => a.lesson.trim() || a.note.trim() || a.verdict !== 'undecided');
  if (notes.length > 0) {
    parts.push('<dl>');
    for (const a of notes) {
      const who = contributorLabel(a.contributor);
      parts.push(`<dt>${escapeHtml(message('bundle.verdictBy', [who, verdictLabel(a.verdict)]))}</dt>`);
      if (a.lesson.trim()) parts.push(`<dd>${escapeHtml(label('fields.lesson'))}: ${escapeHtml(a.lesson)}</dd>`);
      if (a.note.trim()) parts.push(`<dd>${escapeHtml(label('fields.note'))}: ${escapeHtml(a.note)}</dd>`);
    }
    parts.push('</dl>');
  }
  parts.push('</article>\n');
  return parts.join('\n');
}
