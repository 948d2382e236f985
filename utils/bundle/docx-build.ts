import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { VERDICTS, type Verdict } from '@/utils/domain/vocabulary';
import { fastestZipWriter } from './zip-native';

/**
 * Writes guide-draft.docx from prepared entries. Pure: no i18n, no database, no DOM, so it can run
 * in a worker (docx.worker.ts) and keep a long export from freezing the page. Every word in it comes
 * from the entries and `GuideOptions.labels` (see docx.ts, which prepares them).
 *
 * The document: a title; a Heading 1 per theme (in the library's order, then "No theme"); within
 * each, Heading 2 "Do", "Don't" and "Not yet decided"; each example a Heading 3 (its author) with the
 * post's text, images with alt text, date, link, agreement, and every contributor's verdict, lesson
 * and note by name. Real heading styles, which Word's navigation pane and screen readers use.
 *
 * How, for speed: the `docx` package writes the package once (styles with Heading 1 to 3 and
 * Hyperlink, the bullet numbering, settings, properties, the title, and one paragraph per image, so it
 * also stores the images and their relationships), around a placeholder paragraph. The examples'
 * paragraphs are then written here as WordprocessingML text, in place of the placeholder, and the
 * package is zipped again with fflate. Building 10,000 examples as docx's object tree took seconds;
 * writing their XML directly takes a fraction of that. Every text is escaped, and characters XML 1.0
 * does not allow (control characters, unpaired surrogates) are dropped.
 */

/** The guide's sections, one per verdict, in the verdicts' order. */
export type GuideSection = Verdict;
export const GUIDE_SECTIONS: readonly GuideSection[] = VERDICTS;

export interface GuideImage {
  data: Uint8Array;
  type: 'jpg' | 'png' | 'gif' | 'bmp';
  width: number;
  height: number;
}

/** What the document needs of one clipping, every text already in words (kept small: it is held until the end). */
export interface GuideEntry {
  /** The post's id: the editor's arrangement (GuideOptions.arrangement) names entries by it. */
  postId: string;
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
  /** The heading of the contents list. */
  contents: string;
  sections: Record<GuideSection, string>;
  viewPost: string;
  imageNoAlt: string;
}

/** One theme of the guide as the editor arranged it on the Guide page. */
export interface GuideArrangement {
  name: string;
  /** The editor's "Guide text" for the theme ('' when none). */
  text: string;
  /** Post ids in the editor's order. */
  do: readonly string[];
  dont: readonly string[];
}

export interface GuideOptions {
  title: string;
  subtitle: string;
  /** Themes in order, with their names. */
  themes: ReadonlyArray<{ id: string; name: string }>;
  labels: GuideLabels;
  /**
   * The Guide page's themes, in order: when given, the document follows it (each theme's text, then
   * its "do" and "don't" examples in the editor's order) instead of grouping every entry by theme.
   */
  arrangement?: readonly GuideArrangement[];
}

// ---------------------------------------------------------------------------------------------
// XML text

/** Characters XML 1.0 does not allow: C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;
const NEEDS_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF&<>"']/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text made safe for XML content and attribute values: escaped, with characters XML 1.0 forbids removed. */
export function xmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ITALIC = '<w:rPr><w:i/><w:iCs/></w:rPr>';
const BOLD = '<w:rPr><w:b/><w:bCs/></w:rPr>';
const LINE_BREAK = /\r\n|\r|\n/;
const SPACES = /^\s|\s$|\s\s/;

/** The inside of a run: text with its tabs and line breaks kept. */
function runText(text: string): string {
  let out = '';
  const lines = text.split(LINE_BREAK);
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) out += '<w:br/>';
    const parts = lines[i]!.split('\t');
    for (let j = 0; j < parts.length; j++) {
      if (j > 0) out += '<w:tab/>';
      const part = parts[j]!;
      // Word keeps leading, trailing and repeated spaces only when told to.
      out += SPACES.test(part) ? `<w:t xml:space="preserve">${xmlText(part)}</w:t>` : `<w:t>${xmlText(part)}</w:t>`;
    }
  }
  return out;
}

function run(text: string, rPr = ''): string {
  return `<w:r>${rPr}${runText(text)}</w:r>`;
}

function paragraph(pPr: string, content: string): string {
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;
}

const styled = (style: string) => `<w:pStyle w:val="${style}"/>`;

// ---------------------------------------------------------------------------------------------
// The document

const MAX_IMAGE_WIDTH = 450;
const PLACEHOLDER = 'lga-guide-clipper-body-placeholder';
const NONE = '\u0000none';
/** How much XML to gather before it goes into the zip's compressed stream. */
const CHUNK = 1 << 18;

type Block = { kind: 'heading'; level: 1 | 2; text: string; anchor?: string } | { kind: 'text'; text: string } | { kind: 'entry'; entry: GuideEntry };

/**
 * The blocks of an arranged guide: each theme with something in it, its text, then its "do" and
 * "don't" examples in the editor's order (ids the entries do not have are passed over).
 */
function arrangedOutline(entries: readonly GuideEntry[], arrangement: readonly GuideArrangement[], options: GuideOptions): Block[] {
  const byId = new Map(entries.map((e) => [e.postId, e]));
  const blocks: Block[] = [];
  for (const theme of arrangement) {
    const sections = (['do', 'dont'] as const).map((section) => ({ section, list: theme[section].map((id) => byId.get(id)).filter((e): e is GuideEntry => !!e) }));
    if (theme.text.trim() === '' && sections.every((s) => s.list.length === 0)) continue;
    blocks.push({ kind: 'heading', level: 1, text: theme.name });
    for (const para of theme.text.split(/\n\s*\n/)) if (para.trim()) blocks.push({ kind: 'text', text: para.trim() });
    for (const { section, list } of sections) {
      if (list.length === 0) continue;
      blocks.push({ kind: 'heading', level: 2, text: options.labels.sections[section] });
      for (const entry of list) blocks.push({ kind: 'entry', entry });
    }
  }
  return blocks;
}

/** The document's blocks in order: each entry appears under every theme it has (or "No theme"). */
function outline(entries: readonly GuideEntry[], options: GuideOptions): Block[] {
  if (options.arrangement) return arrangedOutline(entries, options.arrangement, options);
  const byTheme = new Map<string, GuideEntry[]>();
  for (const e of entries) {
    for (const t of e.themes.length > 0 ? e.themes : [NONE]) {
      let list = byTheme.get(t);
      if (!list) byTheme.set(t, (list = []));
      list.push(e);
    }
  }
  const blocks: Block[] = [];
  const groups = [...options.themes.map((t) => ({ id: t.id, name: t.name })), { id: NONE, name: options.labels.noTheme }];
  for (const group of groups) {
    const list = byTheme.get(group.id);
    if (!list) continue;
    // A theme id listed twice gets one heading.
    byTheme.delete(group.id);
    blocks.push({ kind: 'heading', level: 1, text: group.name });
    for (const section of GUIDE_SECTIONS) {
      const inSection = list.filter((e) => e.section === section);
      if (inSection.length === 0) continue;
      blocks.push({ kind: 'heading', level: 2, text: options.labels.sections[section] });
      for (const entry of inSection) blocks.push({ kind: 'entry', entry });
    }
  }
  return blocks;
}

function shown(m: GuideEntry['media'][number]): GuideImage | undefined {
  return m.image && m.image.width > 0 && m.image.height > 0 ? m.image : undefined;
}

/** The paragraph docx writes for one image (it also stores the image and its relationship). */
function imageParagraph(image: GuideImage, alt: string): Paragraph {
  const scale = Math.min(1, MAX_IMAGE_WIDTH / image.width);
  return new Paragraph({
    children: [
      new ImageRun({
        type: image.type,
        data: image.data,
        transformation: { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) },
        altText: { name: alt.slice(0, 100), title: alt.slice(0, 100), description: alt },
      }),
    ],
  });
}

/** Where each top-level paragraph of a body starts and ends: [start, end) offsets. */
function paragraphsOf(xml: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const open = /<w:p[ >]/g;
  open.lastIndex = from;
  for (let m = open.exec(xml); m && m.index < to; m = open.exec(xml)) {
    const end = xml.indexOf('</w:p>', m.index);
    if (end < 0 || end >= to) break;
    out.push([m.index, end + '</w:p>'.length]);
    open.lastIndex = end;
  }
  return out;
}

/** The .docx file's bytes. Each entry appears under every theme it has (or "No theme"). */
export async function buildGuideDocx(entries: readonly GuideEntry[], options: GuideOptions): Promise<Uint8Array<ArrayBuffer>> {
  const { labels } = options;
  const blocks = outline(entries, options);
  // Each theme's heading gets a bookmark, so the contents list can link to it.
  let anchors = 0;
  for (const b of blocks) if (b.kind === 'heading' && b.level === 1) b.anchor = `_lga_theme_${++anchors}`;

  // 1. The package from docx: title, subtitle, the placeholder (a bullet paragraph, so the bullet
  // numbering is defined and its properties can be read back), then every image in body order.
  const images: Paragraph[] = [];
  for (const b of blocks) {
    if (b.kind !== 'entry') continue;
    for (const m of b.entry.media) {
      const image = shown(m);
      if (image) images.push(imageParagraph(image, m.alt || labels.imageNoAlt));
    }
  }
  const doc = new Document({
    creator: 'LGA Guide Clipper',
    title: options.title.replace(NOT_XML, ''),
    description: options.subtitle.replace(NOT_XML, ''),
    styles: { default: { document: { run: { font: 'Arial', size: 24 } } } },
    sections: [
      {
        properties: {},
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: options.title.split(LINE_BREAK).map((line, i) => new TextRun({ text: line.replace(NOT_XML, ''), break: i > 0 ? 1 : undefined })) }),
          new Paragraph({ children: options.subtitle.split(LINE_BREAK).map((line, i) => new TextRun({ text: line.replace(NOT_XML, ''), break: i > 0 ? 1 : undefined })) }),
          new Paragraph({ bullet: { level: 0 }, children: [new TextRun(PLACEHOLDER)] }),
          ...images,
        ],
      },
    ],
  });
  const parts = unzipSync(new Uint8Array(await Packer.toArrayBuffer(doc)));
  const template = strFromU8(parts['word/document.xml']!);
  const marker = template.indexOf(PLACEHOLDER);
  const bodyEnd = template.lastIndexOf('<w:sectPr');
  if (marker < 0 || bodyEnd < marker) throw new Error('The Word document could not be written: its template has no placeholder');
  const placeholderStart = template.lastIndexOf('<w:p>', marker);
  const placeholderEnd = template.indexOf('</w:p>', marker) + '</w:p>'.length;
  const bulletPPr = /<w:pPr>(.*?)<\/w:pPr>/.exec(template.slice(placeholderStart, marker))?.[1] ?? '';
  const imageXml = paragraphsOf(template, placeholderEnd, bodyEnd).map(([from, to]) => template.slice(from, to));
  if (imageXml.length !== images.length || imageXml.some((p) => !p.includes('<w:drawing>'))) throw new Error('The Word document could not be written: its images were not where expected');

  // 2. One relationship per distinct link, added to docx's.
  const links = new Map<string, string>();
  let rels = '';
  for (const b of blocks) {
    if (b.kind !== 'entry' || links.has(b.entry.permalink)) continue;
    const id = `rIdLink${links.size + 1}`;
    links.set(b.entry.permalink, id);
    rels += `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${xmlText(b.entry.permalink)}" TargetMode="External"/>`;
  }
  const relsPath = 'word/_rels/document.xml.rels';
  const relsXml = strFromU8(parts[relsPath]!);
  const relsEnd = relsXml.lastIndexOf('</Relationships>');
  const newRels = relsEnd >= 0 ? relsXml.slice(0, relsEnd) + rels + relsXml.slice(relsEnd) : relsXml.replace(/<Relationships([^>]*)\/>\s*$/, `<Relationships$1>${rels}</Relationships>`);

  // 3. The package again, the body written straight into document.xml's compressed stream (deflated
  // by the browser's own zlib where it can: most of the build's time is that deflate).
  const zip = fastestZipWriter(new Date());
  let nextImage = 0;
  const viewPost = run(labels.viewPost, '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>');
  const writeBody = (push: (xml: string) => void) => {
    let xml = '';
    // The contents: every theme, each a link to its heading.
    const themes = blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 1);
    if (themes.length > 0) {
      xml += paragraph(styled('Heading1'), run(labels.contents));
      for (const t of themes) xml += paragraph(bulletPPr, `<w:hyperlink w:anchor="${t.anchor}" w:history="1">${run(t.text, '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>')}</w:hyperlink>`);
    }
    let bookmark = 0;
    for (const b of blocks) {
      if (b.kind === 'heading') {
        const mark = b.anchor ? `<w:bookmarkStart w:id="${++bookmark}" w:name="${b.anchor}"/>` : '';
        xml += paragraph(styled(`Heading${b.level}`), mark + run(b.text) + (b.anchor ? `<w:bookmarkEnd w:id="${bookmark}"/>` : ''));
      } else if (b.kind === 'text') {
        xml += paragraph('', run(b.text));
      } else {
        const e = b.entry;
        xml += paragraph(styled('Heading3'), run(e.author));
        xml += paragraph('<w:ind w:left="360"/>', run(e.text));
        if (e.quoted) xml += paragraph('<w:ind w:left="720"/>', run(e.quoted, ITALIC));
        for (const m of e.media) xml += shown(m) ? imageXml[nextImage++]! : paragraph('', run(m.fallback, ITALIC));
        // Date, link and agreement in one paragraph (lines), and one bullet per contributor.
        const link = `<w:hyperlink w:history="1" r:id="${links.get(e.permalink)!}">${viewPost}</w:hyperlink>`;
        xml += paragraph('', `${e.posted ? run(`${e.posted}. `) : ''}${link}${run(` (${e.permalink})`)}<w:r><w:br/>${runText(e.agreement)}</w:r>`);
        for (const j of e.judgements) {
          let lines = '';
          for (const line of j.lines) lines += `<w:br/>${runText(line)}`;
          xml += paragraph(bulletPPr, run(j.heading, BOLD) + (lines ? `<w:r>${lines}</w:r>` : ''));
        }
      }
      if (xml.length >= CHUNK) {
        push(xml);
        xml = '';
      }
    }
    push(xml);
  };
  for (const [path, data] of Object.entries(parts)) {
    if (path === 'word/document.xml') {
      const entry = zip.stream(path);
      entry.push(template.slice(0, placeholderStart));
      writeBody((xml) => entry.push(xml));
      entry.push(template.slice(bodyEnd));
      entry.end();
    } else if (path === relsPath) zip.add(path, newRels);
    else zip.add(path, data, { compress: !path.startsWith('word/media/') });
  }
  return zip.finish();
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
