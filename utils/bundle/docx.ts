import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';
import type { Media } from '@/utils/snapshot';
import { ANON_HANDLE } from './anonymise';
import type { BundleClipping } from './schema';
import { agreementLine, label, message, authorLine, contributorLabel, formatDay, SECTIONS, sectionLabel, sectionOf, themesOf, verdictLabel, type GuideSection } from './view';

/**
 * guide-draft.docx: a Word document to draft the guide from. A title; a Heading 1 per theme (in the
 * library's order, then "No theme"); within each, Heading 2 "Do", "Don't" and "Not yet decided";
 * each example a Heading 3 (its author) with the post's text, date, link, and every contributor's
 * verdict, lesson and note by name. Real heading styles (Word's navigation pane and screen readers
 * use them) and alt text on every image.
 */

/** What the document needs of one clipping (kept small: it is held until the document is written). */
export interface GuideEntry {
  author: string;
  text: string;
  posted: string;
  permalink: string;
  quoted?: { author: string; text: string };
  media: Array<{ alt: string; image?: GuideImage; video: boolean }>;
  section: GuideSection;
  themes: string[];
  agreement: string;
  judgements: Array<{ contributor: string; verdict: string; lesson: string; note: string }>;
}

export interface GuideImage {
  data: Uint8Array;
  type: 'jpg' | 'png' | 'gif' | 'bmp';
  width: number;
  height: number;
}

export function guideEntry(c: BundleClipping, themeOrder: ReadonlyMap<string, number>, image?: (url: string) => GuideImage | undefined): GuideEntry {
  const s = c.snapshot;
  const media = (list: Media[]) =>
    list.map((m) => {
      const url = m.type === 'photo' ? m.url : m.posterUrl;
      return { alt: m.altText?.trim() ?? '', image: url ? image?.(url) : undefined, video: m.type !== 'photo' };
    });
  const q = s.quoted;
  return {
    author: authorLine(c),
    text: s.text,
    posted: formatDay(s.postedAt),
    permalink: s.permalink,
    quoted: q ? { author: q.author ? (q.author.handle === ANON_HANDLE ? q.author.name : `${q.author.name} (@${q.author.handle})`) : '', text: q.text } : undefined,
    media: [...media(s.media), ...(q ? media(q.media) : [])],
    section: sectionOf(c.annotations),
    themes: themesOf(c, themeOrder),
    agreement: agreementLine(c),
    judgements: c.annotations
      .filter((a) => a.verdict !== 'undecided' || a.lesson.trim() || a.note.trim())
      .map((a) => ({ contributor: contributorLabel(a.contributor), verdict: verdictLabel(a.verdict), lesson: a.lesson.trim(), note: a.note.trim() })),
  };
}

/** Text with its line breaks kept. */
function runs(text: string, options: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

const MAX_IMAGE_WIDTH = 450;

function entryParagraphs(e: GuideEntry): Paragraph[] {
  const out: Paragraph[] = [];
  out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(e.author) }));
  out.push(new Paragraph({ children: runs(e.text), indent: { left: 360 } }));
  if (e.quoted) out.push(new Paragraph({ children: runs(message('bundle.quoting', [e.quoted.author, e.quoted.text]), { italics: true }), indent: { left: 720 } }));
  for (const m of e.media) {
    if (m.image) {
      const scale = Math.min(1, MAX_IMAGE_WIDTH / m.image.width);
      const alt = m.alt || label('bundle.imageNoAlt');
      out.push(
        new Paragraph({
          children: [
            new ImageRun({
              type: m.image.type,
              data: m.image.data,
              transformation: { width: Math.round(m.image.width * scale), height: Math.round(m.image.height * scale) },
              altText: { name: alt.slice(0, 100), title: alt.slice(0, 100), description: alt },
            }),
          ],
        }),
      );
    } else {
      const text = m.video ? (m.alt ? message('bundle.video', [m.alt]) : label('bundle.videoNoAlt')) : m.alt ? message('bundle.image', [m.alt]) : label('bundle.imageNoAlt');
      out.push(new Paragraph({ children: runs(text, { italics: true }) }));
    }
  }
  // Date, link and agreement in one paragraph (lines), and one paragraph per contributor: a long
  // guide stays quick to write.
  const meta: ParagraphChild[] = [];
  if (e.posted) meta.push(new TextRun({ text: `${message('bundle.postedOn', [e.posted])}. ` }));
  meta.push(new ExternalHyperlink({ link: e.permalink, children: [new TextRun({ text: label('bundle.viewPost'), style: 'Hyperlink' })] }));
  meta.push(new TextRun({ text: ` (${e.permalink})` }));
  meta.push(new TextRun({ text: e.agreement, break: 1 }));
  out.push(new Paragraph({ children: meta }));
  for (const j of e.judgements) {
    const children: TextRun[] = [new TextRun({ text: message('bundle.verdictBy', [j.contributor, j.verdict]), bold: true })];
    if (j.lesson) children.push(new TextRun({ text: `${message('bundle.lessonBy', [j.contributor])}: `, break: 1 }), ...runs(j.lesson));
    if (j.note) children.push(new TextRun({ text: `${message('bundle.noteBy', [j.contributor])}: `, break: 1 }), ...runs(j.note));
    out.push(new Paragraph({ bullet: { level: 0 }, children }));
  }
  return out;
}

export interface GuideOptions {
  title: string;
  subtitle: string;
  /** Themes in order, with their names. */
  themes: ReadonlyArray<{ id: string; name: string }>;
}

/** The .docx file's bytes. Each entry appears under every theme it has (or "No theme"). */
export async function buildGuideDocx(entries: readonly GuideEntry[], options: GuideOptions): Promise<Uint8Array> {
  const byTheme = new Map<string, GuideEntry[]>();
  const NONE = '\u0000none';
  for (const e of entries) {
    for (const t of e.themes.length > 0 ? e.themes : [NONE]) {
      let list = byTheme.get(t);
      if (!list) byTheme.set(t, (list = []));
      list.push(e);
    }
  }
  const children: Paragraph[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: runs(options.title) }), new Paragraph({ children: runs(options.subtitle) })];
  const groups = [...options.themes.map((t) => ({ id: t.id, name: t.name })), { id: NONE, name: label('bundle.noTheme') }];
  for (const group of groups) {
    const list = byTheme.get(group.id);
    if (!list) continue;
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(group.name) }));
    for (const section of SECTIONS) {
      const inSection = list.filter((e) => e.section === section);
      if (inSection.length === 0) continue;
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(sectionLabel(section)) }));
      for (const e of inSection) children.push(...entryParagraphs(e));
    }
  }
  const doc = new Document({
    creator: 'LGA Guide Clipper',
    title: options.title,
    description: options.subtitle,
    styles: { default: { document: { run: { font: 'Arial', size: 24 } } } },
    sections: [{ properties: {}, children }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

/** The type and pixel size of a PNG, JPEG, GIF or BMP image, or null for anything else (WebP, junk). */
export function imageInfo(bytes: Uint8Array): Omit<GuideImage, 'data'> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47) return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return { type: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (bytes.length >= 26 && bytes[0] === 0x42 && bytes[1] === 0x4d) return { type: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1]!;
      const length = view.getUint16(at + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
  }
  return null;
}
