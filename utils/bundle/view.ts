import { i18n } from '#i18n';
import type { AuthorType, Kind, Permission, Verdict } from '@/utils/store/db';
import { agreementOf } from '@/utils/store/annotations';
import { uiLocale } from '@/utils/format';
import type { BundleAnnotation, BundleClipping, BundleContributor } from './schema';

/** What the CSV, DOCX, HTML and README writers share: labels, dates, grouping. */

/** A day as people in the UK write it: "9 October 2014" (UK time). */
export function formatDay(value: string | number | Date | undefined): string {
  if (value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(uiLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(date);
}

export function verdictLabel(verdict: Verdict): string {
  return i18n.t(`verdict.${verdict}`);
}
export function kindLabel(kind: Kind | null): string {
  return kind ? i18n.t(`kind.${kind}`) : '';
}
export function authorTypeLabel(type: AuthorType): string {
  return i18n.t(`authorType.${type}`);
}
export function permissionLabel(permission: Permission): string {
  return i18n.t(`permission.${permission}`);
}

export function contributorLabel(c: BundleContributor): string {
  return c.organisation.trim() ? i18n.t('bundle.contributorWithOrg', [c.name, c.organisation]) : c.name;
}

/** The author as the guide may print them: name and @handle, or "A member of the public". */
export function authorOf(c: BundleClipping): { name: string; handle: string; profileUrl: string | null } {
  if (c.anonymised) return { name: i18n.t('bundle.memberOfPublic'), handle: '', profileUrl: null };
  const { name, handle } = c.snapshot.author;
  return { name, handle: `@${handle}`, profileUrl: `https://x.com/${handle}` };
}

export function authorLine(c: BundleClipping): string {
  const a = authorOf(c);
  return a.handle ? `${a.name} (${a.handle})` : a.name;
}

export type GuideSection = 'do' | 'dont' | 'undecided';

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

export const SECTIONS: readonly GuideSection[] = ['do', 'dont', 'undecided'];

export function sectionLabel(section: GuideSection): string {
  return i18n.t(`bundle.${section}`);
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
  if (a.disagreement) return i18n.t('bundle.disagreement', [String(a.do), String(a.dont)]);
  return i18n.t('bundle.agreement', [String(a.do), String(a.dont), String(a.undecided)]);
}
