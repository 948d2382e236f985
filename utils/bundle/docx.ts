import type { Media } from '@/utils/snapshot';
import { ANON_HANDLE } from './anonymise';
import type { BundleClipping } from './schema';
import { agreementLine, authorLine, contributorLabel, formatDay, label, message, sectionLabel, sectionOf, themesOf, verdictLabel } from './view';
import { buildGuideDocx, GUIDE_SECTIONS, type GuideEntry, type GuideImage, type GuideLabels, type GuideOptions } from './docx-build';

/**
 * guide-draft.docx, in words: turns clippings into the entries docx-build.ts writes (which needs no
 * i18n, so it can run in a worker), and gives it its labels.
 */

export { buildGuideDocx, imageInfo, type GuideArrangement, type GuideEntry, type GuideImage, type GuideOptions } from './docx-build';

export function guideEntry(c: BundleClipping, themeOrder: ReadonlyMap<string, number>, image?: (url: string) => GuideImage | undefined): GuideEntry {
  const s = c.snapshot;
  const media = (list: Media[]) =>
    list.map((m) => {
      const url = m.type === 'photo' ? m.url : m.posterUrl;
      const alt = m.altText?.trim() ?? '';
      const fallback = m.type === 'photo' ? (alt ? message('bundle.image', [alt]) : label('bundle.imageNoAlt')) : alt ? message('bundle.video', [alt]) : label('bundle.videoNoAlt');
      return { alt, image: url ? image?.(url) : undefined, fallback };
    });
  const q = s.quoted;
  const posted = formatDay(s.postedAt);
  return {
    postId: c.postId,
    author: authorLine(c),
    text: s.text,
    posted: posted ? message('bundle.postedOn', [posted]) : '',
    permalink: s.permalink,
    quoted: q ? message('bundle.quoting', [q.author ? (q.author.handle === ANON_HANDLE ? q.author.name : `${q.author.name} (@${q.author.handle})`) : '', q.text]) : undefined,
    media: [...media(s.media), ...(q ? media(q.media) : [])],
    section: sectionOf(c.annotations),
    themes: themesOf(c, themeOrder),
    agreement: agreementLine(c),
    judgements: c.annotations
      .filter((a) => a.verdict !== 'undecided' || a.lesson.trim() || a.note.trim())
      .map((a) => {
        const who = contributorLabel(a.contributor);
        const lines: string[] = [];
        if (a.lesson.trim()) lines.push(`${message('bundle.lessonBy', [who])}: ${a.lesson.trim()}`);
        if (a.note.trim()) lines.push(`${message('bundle.noteBy', [who])}: ${a.note.trim()}`);
        return { heading: message('bundle.verdictBy', [who, verdictLabel(a.verdict)]), lines };
      }),
  };
}

export function guideLabels(): GuideLabels {
  return {
    noTheme: label('bundle.noTheme'),
    contents: label('bundle.contents'),
    sections: Object.fromEntries(GUIDE_SECTIONS.map((s) => [s, sectionLabel(s)])) as GuideLabels['sections'],
    viewPost: label('bundle.viewPost'),
    imageNoAlt: label('bundle.imageNoAlt'),
  };
}

/** Writes the document here, on this thread. */
export function buildGuideHere(entries: readonly GuideEntry[], options: GuideOptions): Promise<Uint8Array<ArrayBuffer>> {
  return buildGuideDocx(entries, options);
}
