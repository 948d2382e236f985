import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';

/**
 * Writes guide-draft.docx from prepared entries. Pure: no i18n, no database, no DOM, so it can run
 * in a worker (docx.worker.ts) and keep a long export from freezing the page. Every word in it comes
 * from the entries and `GuideOptions.labels` (see docx.ts, which prepares them).
 *
 * The document: a title; a Heading 1 per theme (in the library's order, then "No theme"); within
 * each, Heading 2 "Do", "Don't" and "Not yet decided"; each example a Heading 3 (its author) with the
 * post's text, images with alt text, date, link, agreement, and every contributor's verdict, lesson
 * and note by name. Real heading styles, which Word's navigation pane and screen readers use.
 */

export type GuideSection = 'do' | 'dont' | 'undecided';
export const GUIDE_SECTIONS: readonly GuideSection[] = ['do', 'dont', 'undecided'];

export interface GuideImage {
  data: Uint8Array;
  type: 'jpg' | 'png' | 'gif' | 'bmp';
  width: number;
  height: number;
}

/** What the document needs of one clipping, every text already in words (kept small: it is held until the end). */
export interface GuideEntry {
  /** "Example Borough Council (@ExampleBoroughCncl)" or "A member of the public". */
  author: string;
  text: string;
  /** "Posted 9 October 2014", or ''. */
  posted: string;
  permalink: string;
  /** "Quoting …: …". */
  quoted?: string;
  /** Each image or video: its alt text (for an image in the document) and what to write when it is not there. */
  media: Array<{ alt: string; image?: GuideImage; fallback: string }>;
  section: GuideSection;
  themes: string[];
  /** "2 do, 1 don't, 0 not yet decided". */
  agreement: string;
  /** Each contributor: "Ann Example, Example Borough Council: Do", then their lesson and note lines. */
  judgements: Array<{ heading: string; lines: string[] }>;
}

export interface GuideLabels {
  noTheme: string;
  sections: Record<GuideSection, string>;
  viewPost: string;
  imageNoAlt: string;
}

export interface GuideOptions {
  title: string;
  subtitle: string;
  /** Themes in order, with their names. */
  themes: ReadonlyArray<{ id: string; name: string }>;
  labels: GuideLabels;
}

/** Text with its line breaks kept. */
function runs(text: string, options: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

const MAX_IMAGE_WIDTH = 450;

function entryParagraphs(e: GuideEntry, labels: GuideLabels): Paragraph[] {
  const out: Paragraph[] = [];
  out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(e.author) }));
  out.push(new Paragraph({ children: runs(e.text), indent: { left: 360 } }));
  if (e.quoted) out.push(new Paragraph({ children: runs(e.quoted, { italics: true }), indent: { left: 720 } }));
  for (const m of e.media) {
    if (m.image && m.image.width > 0 && m.image.height > 0) {
      const scale = Math.min(1, MAX_IMAGE_WIDTH / m.image.width);
      const alt = m.alt || labels.imageNoAlt;
      out.push(
        new Paragraph({
          children: [
            new ImageRun({
              type: m.image.type,
              data: m.image.data,
              transformation: { width: Math.max(1, Math.round(m.image.width * scale)), height: Math.max(1, Math.round(m.image.height * scale)) },
              altText: { name: alt.slice(0, 100), title: alt.slice(0, 100), description: alt },
            }),
          ],
        }),
      );
    } else out.push(new Paragraph({ children: runs(m.fallback, { italics: true }) }));
  }
  // Date, link and agreement in one paragraph (lines), and one paragraph per contributor.
  const meta: ParagraphChild[] = [];
  if (e.posted) meta.push(new TextRun({ text: `${e.posted}. ` }));
  meta.push(new ExternalHyperlink({ link: e.permalink, children: [new TextRun({ text: labels.viewPost, style: 'Hyperlink' })] }));
  meta.push(new TextRun({ text: ` (${e.permalink})` }));
  meta.push(new TextRun({ text: e.agreement, break: 1 }));
  out.push(new Paragraph({ children: meta }));
  for (const j of e.judgements) {
    const children: TextRun[] = [new TextRun({ text: j.heading, bold: true })];
    for (const line of j.lines) {
      const [first, ...rest] = runs(line);
      children.push(new TextRun({ text: '', break: 1 }), first!, ...rest);
    }
    out.push(new Paragraph({ bullet: { level: 0 }, children }));
  }
  return out;
}

/** The .docx file's bytes. Each entry appears under every theme it has (or "No theme"). */
export async function buildGuideDocx(entries: readonly GuideEntry[], options: GuideOptions): Promise<Uint8Array<ArrayBuffer>> {
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
  const groups = [...options.themes.map((t) => ({ id: t.id, name: t.name })), { id: NONE, name: options.labels.noTheme }];
  for (const group of groups) {
    const list = byTheme.get(group.id);
    if (!list) continue;
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(group.name) }));
    for (const section of GUIDE_SECTIONS) {
      const inSection = list.filter((e) => e.section === section);
      if (inSection.length === 0) continue;
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(options.labels.sections[section]) }));
      for (const e of inSection) children.push(...entryParagraphs(e, options.labels));
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
