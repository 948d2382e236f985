import { MAX_TEXT } from '@/utils/snapshot-limits';
import { isMediaUrl } from '@/utils/images/plan';
import { OWNER } from '@/utils/domain/contributors';
import { withOwnerAnnotation, type AnnotationRecord, type ClippingRecord, type ContributorRecord } from '@/utils/domain/records';
import type { PostSnapshot } from '@/utils/snapshot';
import { Anonymiser, decidingAuthorType } from './anonymise';
import { csvRows, csvStart, toCsv } from './csv';
import { buildGuideHere, guideEntry, guideLabels, imageInfo, type GuideArrangement, type GuideEntry, type GuideImage, type GuideOptions } from './docx';
import { htmlClipping, htmlEnd, htmlStart } from './html';
import { contributorKey } from './identity';
import { readmeText } from './readme';
import { BUNDLE_FORMAT, BUNDLE_LIMITS, BUNDLE_VERSION, bundleJsonSchema, type BundleAnnotation, type BundleClipping, type BundleContributor } from './schema';
import { formatDay, resetLabels, type Translate } from './view';
import { zipHere, type AsyncZipWriter } from './zip';
import { nextTask } from '@/utils/next-task';

/**
 * Exports clippings as a bundle: one zip holding bundle.json, bundle.schema.json, clippings.csv,
 * guide-draft.docx, clippings.html, README.txt and (with images) media/. See docs/bundle-format.md.
 *
 * The library is read in pages of PAGE clippings, with a macrotask yield between pages so the page
 * stays responsive and progress can be shown; each page's JSON, CSV and HTML go straight into the
 * zip's compressed streams, so the library is never held a second time as strings. (The Word
 * document is the exception: it is written at the end from small per-clipping entries.)
 *
 * The library is read through an ExportSource; utils/store/export-source.ts reads it from the database.
 */

/**
 * One clipping of the library with its annotations, the owner's first. The owner's may be missing
 * (none stored): the export lists their blank one in its place (`blankOwnerAnnotation`, dated the
 * clip time), as if it were stored, so every clipping carries the owner's annotation.
 */
export interface ExportItem {
  record: ClippingRecord;
  annotations: AnnotationRecord[];
}

/** What an export reads from the library. */
export interface ExportSource {
  /**
   * The themes in their order, each with the name it shows; the contributors; and the ids to export,
   * in post id order (the order posts were made), removed clippings never.
   */
  start(scope: ExportOptions['scope']): Promise<{ themes: Array<{ id: string; name: string }>; contributors: ContributorRecord[]; ids: string[] }>;
  /**
   * One page of clippings (removed ones left out) with their annotations, the owner's first.
   * `contiguous` is true when the export holds every clipping, so a page's ids are one key range.
   */
  page(ids: string[], contiguous: boolean): Promise<ExportItem[]>;
}

export interface ExportOptions {
  scope: { kind: 'all' } | { kind: 'ids'; postIds: string[] };
  anonymise: boolean;
  includeImages: boolean;
  contributor: { name: string; organisation: string };
  /** The messages the bundle's files are written in (the UI's language). */
  translate: Translate;
  now?: Date;
  fetchImage?: (url: string) => Promise<Uint8Array>;
  onProgress?: (done: number, total: number) => void;
  /**
   * Every clipping is written: what is left is the Word document and the end of the zip (seconds at
   * 50,000), which a page shows as such rather than as a full bar standing still.
   */
  onFinishing?: () => void;
  signal?: AbortSignal;
  /**
   * Writes guide-draft.docx from its entries; by default on this thread. Pages can pass
   * `docxInWorker()` (./docx-worker-client.ts) so that packing a long document does not block them.
   */
  buildDocx?: (entries: readonly GuideEntry[], options: GuideOptions) => Promise<Uint8Array>;
  /** The Guide page's arrangement: the Word draft follows it (themes, their text, examples in order). */
  guide?: readonly GuideArrangement[];
  /**
   * Opens the zip the bundle is written into; by default on this thread (`zipHere`). Pages can pass
   * `zipInWorker()` (./zip-worker-client.ts) so that compressing happens off the page's thread.
   */
  openZip?: (mtime: Date) => Promise<AsyncZipWriter>;
  /** @internal How much an anonymised export's first pass keeps for its second (HELD_BYTES): for tests. */
  heldLimit?: number;
}

export interface ExportResult {
  filename: string;
  /** The zip (an ArrayBuffer-backed array, so `new Blob([bytes])` takes it as it is). */
  bytes: Uint8Array<ArrayBuffer>;
  count: number;
  missingImages: string[];
}

export const PAGE = 500;
/**
 * How much of the library an anonymised export keeps from its first pass (the anonymiser noting every
 * account) for its second (writing), instead of reading it again: by `heldBytes`' rough count. At the
 * bench's 10,000 clippings (under 50 MB by that count) the whole library is read once: 0.75 s of 4 s
 * here. A larger library keeps its first pages and reads the rest again, so the page's heap stays
 * bounded whatever the library's size (docs/performance.md, "The export").
 */
export const HELD_BYTES = 64 * 1024 * 1024;

/**
 * A rough count of the heap a read clipping and its annotations take: twice its texts' characters
 * (JavaScript's strings are UTF-16 at worst: the post's and the quoted post's, their images' alt text,
 * earlier versions, lessons and notes), 200 bytes a capture and 4 kB for the rest, which the snapshot's
 * limits keep small (utils/snapshot-limits.ts).
 */
export function heldBytes({ record, annotations }: ExportItem): number {
  const s = record.snapshot;
  let chars = s.text.length;
  for (const m of s.media) chars += m.altText?.length ?? 0;
  if (s.quoted) {
    chars += s.quoted.text.length;
    for (const m of s.quoted.media) chars += m.altText?.length ?? 0;
  }
  for (const v of record.versions ?? []) chars += v.text.length;
  for (const a of annotations) chars += a.lesson.length + a.note.length;
  return 2 * chars + 200 * record.captures.length + 4096;
}

/** Images are fetched only from X's media CDN, and none larger than this. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;

/** lga-guide-clippings-<contributor>-<YYYY-MM-DD>.zip, the date as it is in the UK. */
export function bundleFilename(contributorName: string, date: Date): string {
  const slug =
    contributorName
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/g, '') || 'contributor';
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  return `lga-guide-clippings-${slug}-${day}.zip`;
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The export was stopped', 'AbortError');
}

export class ExportNameMissingError extends Error {
  override name = 'ExportNameMissingError';
}

function isoOf(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

function imageUrls(s: PostSnapshot): string[] {
  const urls: string[] = [];
  for (const m of [...s.media, ...(s.quoted?.media ?? [])]) {
    const url = m.type === 'photo' ? m.url : m.posterUrl;
    if (url) urls.push(url);
  }
  return [...new Set(urls)];
}


async function defaultFetchImage(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function extensionOf(bytes: Uint8Array): string | null {
  const info = imageInfo(bytes);
  if (info) return info.type;
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
  return null;
}

/** The items with the owner's blank annotation first where they have none (see ExportItem). */
function withOwnerAnnotations(items: ExportItem[]): ExportItem[] {
  return items.map(({ record, annotations }) => ({ record, annotations: withOwnerAnnotation(record, annotations) }));
}

export async function exportBundle(source: ExportSource, options: ExportOptions): Promise<ExportResult> {
  // A zip left unfinished (the export failed or was stopped) is dropped: a worker writing it ends.
  const opened: AsyncZipWriter[] = [];
  const openZip = options.openZip ?? zipHere;
  try {
    return await writeBundle(source, { ...options, openZip: (mtime) => openZip(mtime).then((zip) => (opened.push(zip), zip)) });
  } catch (error) {
    for (const zip of opened) zip.discard();
    throw error;
  }
}

async function writeBundle(source: ExportSource, options: ExportOptions & Required<Pick<ExportOptions, 'openZip'>>): Promise<ExportResult> {
  const { signal } = options;
  const t = options.translate;
  resetLabels(t);
  const now = options.now ?? new Date();
  const owner: BundleContributor = { name: options.contributor.name.trim().slice(0, BUNDLE_LIMITS.name), organisation: options.contributor.organisation.trim().slice(0, BUNDLE_LIMITS.name) };
  if (!owner.name) throw new ExportNameMissingError('A bundle needs the name of its contributor: set it in options');
  const ownerKey = contributorKey(owner);
  throwIfAborted(signal);

  const { themes, contributors: contributorRecords, ids } = await source.start(options.scope);
  const themeOrder = new Map(themes.map((t, i) => [t.id, i]));
  const themeNames = new Map(themes.map((t) => [t.id, t.name]));
  const themeName = (id: string) => themeNames.get(id) ?? '';
  const contributors = new Map<string, ContributorRecord>(contributorRecords.map((c) => [c.id, c]));
  const total = ids.length;
  const contiguous = options.scope.kind === 'all';
  const pages = Math.max(1, Math.ceil(total / PAGE));
  // Progress counts each page once per pass.
  const passes = options.anonymise ? 2 : 1;
  let steps = 0;
  const progress = (done: number) => options.onProgress?.(Math.min(total, done), total);

  /**
   * The pages in order, each asked for while the one before is being written, so that the
   * database's reading overlaps the page's work instead of waiting for it.
   */
  async function* pagesOf(from = 0): AsyncGenerator<ExportItem[]> {
    let next: Promise<ExportItem[]> | null = from < ids.length ? source.page(ids.slice(from, from + PAGE), contiguous) : null;
    for (let i = from; next; i += PAGE) {
      const current = next;
      next = i + PAGE < ids.length ? source.page(ids.slice(i + PAGE, i + 2 * PAGE), contiguous) : null;
      // A page asked for ahead and never awaited (the export stopped) must not report an unhandled rejection.
      next?.catch(() => {});
      yield withOwnerAnnotations(await current);
    }
  }

  const anonymiser = options.anonymise ? new Anonymiser({ name: t('bundle.memberOfPublic'), mask: t('bundle.maskedHandle') }) : null;
  /** The first pages, as the first pass read them, kept for the second while HELD_BYTES allows. */
  const held: ExportItem[][] = [];
  if (anonymiser) {
    let heldSoFar = 0;
    let holding = true;
    for await (const page of pagesOf()) {
      if (holding) {
        heldSoFar += page.reduce((sum, item) => sum + heldBytes(item), 0);
        holding = heldSoFar <= (options.heldLimit ?? HELD_BYTES);
        if (holding) held.push(page);
      }
      for (const { record, annotations } of page) anonymiser.note(record.snapshot, decidingAuthorType(annotations, OWNER));
      steps++;
      progress(Math.floor((steps / (pages * passes)) * total));
      await nextTask();
      throwIfAborted(signal);
    }
  }
  const text = (t: string, max: number) => (anonymiser ? anonymiser.text(t) : t).slice(0, max);

  const contributorOf = (a: AnnotationRecord): BundleContributor | null => {
    if (a.contributorId === OWNER) return owner;
    const c = contributors.get(a.contributorId);
    const named: BundleContributor = { name: (c?.name.trim() || a.contributorId).slice(0, BUNDLE_LIMITS.name), organisation: (c?.organisation.trim() ?? '').slice(0, BUNDLE_LIMITS.name) };
    // Someone named as the owner now is the owner: their annotation goes out once, as the owner's.
    return contributorKey(named) === ownerKey ? null : named;
  };

  const zip = await options.openZip(now);
  const json = zip.stream('bundle.json');
  const csv = zip.stream('clippings.csv');
  const html = zip.stream('clippings.html');
  const title = t('bundle.title');
  const exportedDay = formatDay(now);
  json.push(
    `{"format":${JSON.stringify(BUNDLE_FORMAT)},"version":${BUNDLE_VERSION},"exportedAt":${JSON.stringify(now.toISOString())},"contributor":${JSON.stringify(owner)},"anonymised":${options.anonymise},"themes":${JSON.stringify(themes)},"clippings":[`,
  );
  csv.push(csvStart());
  html.push(htmlStart(title, t('bundle.exportedBy', [owner.organisation ? `${owner.name}, ${owner.organisation}` : owner.name, exportedDay])));

  const entries: GuideEntry[] = [];
  const missingImages: string[] = [];
  const mediaPaths = new Map<string, string>();
  const images = new Map<string, GuideImage>();
  const fetchImage = options.fetchImage ?? ((url: string) => defaultFetchImage(url, signal));
  let count = 0;

  /** The pages again for writing: those the first pass kept (each let go once written), then the rest read again. */
  async function* writingPages(): AsyncGenerator<ExportItem[]> {
    for (let i = 0; i < held.length; i++) {
      const page = held[i]!;
      held[i] = [];
      yield page;
    }
    yield* pagesOf(held.length * PAGE);
  }

  for await (const page of writingPages()) {
    let jsonPart = '';
    const rows: string[][] = [];
    let htmlPart = '';
    for (const { record, annotations } of page) {
      const masked = anonymiser ? anonymiser.snapshot(record.snapshot) : { snapshot: record.snapshot, anonymised: false };
      const bundleAnnotations: BundleAnnotation[] = [];
      for (const a of annotations) {
        const contributor = contributorOf(a);
        if (!contributor) continue;
        bundleAnnotations.push({
          contributor,
          verdict: a.verdict,
          kind: a.kind,
          themes: a.themes.filter((t) => themeOrder.has(t)).slice(0, BUNDLE_LIMITS.themesPerAnnotation),
          lesson: text(a.lesson, BUNDLE_LIMITS.lesson),
          note: text(a.note, BUNDLE_LIMITS.note),
          authorType: a.authorType,
          permission: a.permission,
          ...(a.forGuide === 1 ? { forGuide: true } : {}),
          updatedAt: isoOf(a.updatedAt),
        });
      }
      const clipping: BundleClipping = {
        postId: record.postId,
        snapshot: masked.snapshot,
        clippedAt: isoOf(record.clippedAt),
        captures: record.captures.map((c) => ({ ...c, pageUrl: anonymiser ? anonymiser.pageUrl(c.pageUrl) : c.pageUrl })),
        annotations: bundleAnnotations,
      };
      if (anonymiser) clipping.anonymised = masked.anonymised;
      // Texts the post had before an edit, masked as its text is.
      if (record.versions && record.versions.length > 0) clipping.versions = record.versions.map((v) => ({ ...v, text: text(v.text, MAX_TEXT) }));
      if (options.includeImages) {
        const files: Array<{ url: string; path: string }> = [];
        let n = 0;
        for (const url of imageUrls(record.snapshot)) {
          n++;
          let path = mediaPaths.get(url);
          if (!path && !missingImages.includes(url)) {
            try {
              if (!isMediaUrl(url)) throw new Error('not on X\u2019s media CDN');
              const bytes = await fetchImage(url);
              if (bytes.length > MAX_IMAGE_BYTES) throw new Error('too large');
              const ext = extensionOf(bytes);
              if (!ext) throw new Error('not an image');
              path = `media/${record.postId}-${n}.${ext}`;
              zip.add(path, bytes, { compress: false });
              mediaPaths.set(url, path);
              const info = imageInfo(bytes);
              if (info && info.width > 0 && info.height > 0) images.set(url, { ...info, data: bytes });
            } catch {
              throwIfAborted(signal);
              missingImages.push(url);
            }
          }
          if (path) files.push({ url, path });
        }
        if (files.length > 0) clipping.mediaFiles = files.slice(0, BUNDLE_LIMITS.mediaPerClipping);
      }
      jsonPart += (count === 0 ? '' : ',') + JSON.stringify(clipping);
      rows.push(...csvRows(clipping, { themeName, themeOrder }));
      htmlPart += htmlClipping(clipping, { themeName, mediaPath: (url) => mediaPaths.get(url) });
      entries.push(guideEntry(clipping, themeOrder, (url) => images.get(url)));
      count++;
    }
    json.push(jsonPart);
    csv.push(toCsv(rows));
    html.push(htmlPart);
    steps++;
    progress(Math.floor((steps / (pages * passes)) * total));
    await nextTask();
    throwIfAborted(signal);
  }

  // The last page told every clipping written (an empty export has none to tell): only the finishing is left.
  options.onFinishing?.();
  json.push(`]${options.includeImages ? `,"missingImages":${JSON.stringify(missingImages)}` : ''}}`);
  json.end();
  csv.end();
  html.push(htmlEnd());
  html.end();
  zip.add('bundle.schema.json', `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`);
  const docx = await (options.buildDocx ?? buildGuideHere)(entries, {
    title,
    subtitle: t('bundle.subtitle', [String(count), owner.organisation ? `${owner.name}, ${owner.organisation}` : owner.name, exportedDay]),
    themes,
    labels: guideLabels(),
    ...(options.guide ? { arrangement: options.guide } : {}),
  });
  throwIfAborted(signal);
  // A .docx is a zip already: stored as it is.
  zip.add('guide-draft.docx', docx, { compress: false });
  zip.add('README.txt', readmeText({ contributor: owner.name, date: exportedDay, count, anonymised: options.anonymise, withImages: options.includeImages, missingImages }, t));
  const bytes = await zip.finish();
  return { filename: bundleFilename(owner.name, now), bytes, count, missingImages };
}
