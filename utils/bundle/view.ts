import { formatDate, intlKnows } from '@/utils/format';
import type { AuthorType, Kind, Permission, Verdict } from '@/utils/domain/vocabulary';
import { agreementOf } from '@/utils/domain/agreement';
import type { BundleAnnotation, BundleClipping, BundleContributor } from './schema';
import type { GuideSection } from './docx-build';

/** What the CSV, DOCX, HTML and README writers share: labels, dates, grouping. */

/**
 * Looks up a message of the UI (locales/*.yml) by its key, with substitutions for $1, $2…: pages
 * pass '#i18n''s `t` (utils/store/export-source.ts), tests any function.
 */
export type Translate = (key: string, subs?: readonly string[]) => string;

let translate: Translate = (key) => key;

/** Per locale: its day format, or null when this browser's Intl does not know the locale. */
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();
const labels = new Map<string, string>();

/** Labels without substitutions, looked up once per export (a bundle of 10,000 asks for each thousands of times). */
export function label(key: string): string {
  let text = labels.get(key);
  if (text === undefined) labels.set(key, (text = translate(key)));
  return text;
}

const templates = new Map<string, string>();

/** A message with substitutions, its template looked up once per export. */
export function message(key: string, subs: readonly string[]): string {
  let template = templates.get(key);
  if (template === undefined) {
    const markers = subs.map((_, i) => `\u0001${i + 1}\u0002`);
    template = translate(key, markers);
    templates.set(key, template);
  }
  return template.replace(/\u0001(\d)\u0002/g, (_, d: string) => subs[Number(d) - 1] ?? '');
}

/**
 * Takes the messages an export is written in, and forgets looked-up labels and formats (the UI's
 * language may have changed): called as each export starts.
 */
export function resetLabels(t: Translate): void {
  translate = t;
  labels.clear();
  templates.clear();
  dayFormats.clear();
  lastDay.value = undefined;
}

/** A day as people in the UK write it: "9 October 2014" (UK time). */
export function formatDay(value: string | number | Date | undefined): string {
  if (value === undefined || value === '') return '';
  // The CSV, the page and the Word document each ask for a clipping's day in turn: the last answer is kept.
  if (value === lastDay.value) return lastDay.text;
  const text = formatDayOf(value);
  if (!(value instanceof Date)) {
    lastDay.value = value;
    lastDay.text = text;
  }
  return text;
}

const lastDay: { value: string | number | undefined; text: string } = { value: undefined, text: '' };

function formatDayOf(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const locale = label('locale') || 'en-GB';
  let format = dayFormats.get(locale);
  if (format === undefined) {
    // A browser whose Intl has no Welsh would write US English: utils/format writes the Welsh itself.
    format = intlKnows(locale) ? new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }) : null;
    dayFormats.set(locale, format);
  }
  return format ? format.format(date) : formatDate(date, { locale, timeZone: 'Europe/London' });
}

export function verdictLabel(verdict: Verdict): string {
  return label(`verdict.${verdict}`);
}
export function kindLabel(kind: Kind | null): string {
  return kind ? label(`kind.${kind}`) : '';
}
export function authorTypeLabel(type: AuthorType): string {
  return label(`authorType.${type}`);
}
export function permissionLabel(permission: Permission): string {
  return label(`permission.${permission}`);
}

export function contributorLabel(c: BundleContributor): string {
  return c.organisation.trim() ? message('bundle.contributorWithOrg', [c.name, c.organisation]) : c.name;
}

/** The author as the guide may print them: name and @handle, or "A member of the public". */
export function authorOf(c: BundleClipping): { name: string; handle: string; profileUrl: string | null } {
  if (c.anonymised) return { name: label('bundle.memberOfPublic'), handle: '', profileUrl: null };
  const { name, handle } = c.snapshot.author;
  return { name, handle: `@${handle}`, profileUrl: `https://x.com/${handle}` };
}

export function authorLine(c: BundleClipping): string {
  const a = authorOf(c);
  return a.handle ? `${a.name} (${a.handle})` : a.name;
}

export type { GuideSection };

/**
 * Where a clipping goes in the guide: under the verdict its contributors agree on; under "Not yet
 * decided" when nobody decided or they disagree (do and don't).
 */
export function sectionOf(annotations: ReadonlyArray<Pick<BundleAnnotation, 'verdict'>>): GuideSection {
  const a = agreementOf(annotations);
  if (a.disagreement) return 'undecided';
  if (a.do > 0) return 'do';
  if (a.dont > 0) return 'dont';
  return 'undecided';
}


export function sectionLabel(section: GuideSection): string {
  return label(`bundle.${section}`);
}

/** The theme ids of a clipping: every contributor's, in the bundle's theme order; [] when none. */
export function themesOf(c: BundleClipping, order: ReadonlyMap<string, number>): string[] {
  const ids = new Set<string>();
  for (const a of c.annotations) for (const t of a.themes) if (order.has(t)) ids.add(t);
  return [...ids].sort((x, y) => order.get(x)! - order.get(y)!);
}

/** The agreement line ("2 do, 1 don't, 0 not yet decided"), or the disagreement line. */
export function agreementLine(c: BundleClipping): string {
  const a = agreementOf(c.annotations);
  if (a.disagreement) return message('bundle.disagreement', [String(a.do), String(a.dont)]);
  return message('bundle.agreement', [String(a.do), String(a.dont), String(a.undecided)]);
}
