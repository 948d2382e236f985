import type { AuthorType, Permission, Verdict } from './vocabulary';

/**
 * The guide an editor writes from the library: for each theme, the examples the owner picked "For the
 * guide", split into "do" and "don't" by the owner's verdict, in the editor's order. The Guide page
 * shows it and the Word draft follows it. Plain data, no database code.
 */

export type GuideSection = 'do' | 'dont';
export const GUIDE_SECTIONS: readonly GuideSection[] = ['do', 'dont'];

/** A picked clipping, as the arrangement needs it: the owner's verdict and themes. */
export interface PickedExample {
  postId: string;
  verdict: Verdict;
  /** The owner's theme ids. */
  themes: readonly string[];
  /** When it was clipped (epoch ms): examples the editor has not placed come newest first. */
  clippedAt: number;
}

export interface GuideTheme {
  /** A theme's id, or null for picked examples the owner gave no theme (or only themes since deleted). */
  themeId: string | null;
  do: string[];
  dont: string[];
  /** Picked with no verdict yet: in neither section until the owner says "do" or "don't". */
  undecided: string[];
}

export type GuideOrders = ReadonlyMap<string, { do: readonly string[]; dont: readonly string[] }>;

/** The key under which the examples without a theme keep their order. */
export const NO_THEME = '';

/**
 * Every theme (in the library's order) with its picked examples, and a last group of examples with no
 * known theme when there are any. Within a section, the editor's stored order comes first (ids no
 * longer picked there are dropped), then the examples not yet placed, newest clip first.
 */
export function arrangeGuide(themeIds: readonly string[], picked: readonly PickedExample[], orders: GuideOrders): GuideTheme[] {
  const known = new Set(themeIds);
  const byTheme = new Map<string, PickedExample[]>();
  for (const id of themeIds) byTheme.set(id, []);
  const noTheme: PickedExample[] = [];
  for (const example of picked) {
    const themes = [...new Set(example.themes)].filter((t) => known.has(t));
    if (themes.length === 0) noTheme.push(example);
    for (const t of themes) byTheme.get(t)!.push(example);
  }
  const arranged = themeIds.map((id) => arrangeTheme(id, byTheme.get(id)!, orders.get(id)));
  if (noTheme.length > 0) arranged.push({ ...arrangeTheme(NO_THEME, noTheme, orders.get(NO_THEME)), themeId: null });
  return arranged;
}

function arrangeTheme(themeId: string, examples: readonly PickedExample[], order: { do: readonly string[]; dont: readonly string[] } | undefined): GuideTheme {
  const newestFirst = [...examples].sort((a, b) => b.clippedAt - a.clippedAt || (a.postId < b.postId ? -1 : 1));
  const section = (verdict: GuideSection) => {
    const here = newestFirst.filter((e) => e.verdict === verdict).map((e) => e.postId);
    const present = new Set(here);
    const placed = [...new Set(order?.[verdict] ?? [])].filter((id) => present.has(id));
    const placedSet = new Set(placed);
    return [...placed, ...here.filter((id) => !placedSet.has(id))];
  };
  return { themeId, do: section('do'), dont: section('dont'), undecided: newestFirst.filter((e) => e.verdict === 'undecided').map((e) => e.postId) };
}

/** The list with one id moved to a new position (clamped to the list); the same list when it is not in it. */
export function moveTo(list: readonly string[], postId: string, to: number): string[] {
  const from = list.indexOf(postId);
  if (from === -1) return [...list];
  const next = list.filter((id) => id !== postId);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, postId);
  return next;
}

export type GuideWarning = 'memberOfPublic' | 'authorTypeNotSet' | 'permissionNotGranted';

/**
 * Why an example may not be printed as it is: its author is a member of the public (who must not be
 * named), or nobody has said who the author is yet; or its permission is not "Granted" (reproducing a
 * post needs its owner's permission), unless the owner recorded that none is needed.
 */
export function guideWarnings(authorType: AuthorType, permission: Permission): GuideWarning[] {
  const warnings: GuideWarning[] = [];
  if (authorType === 'public') warnings.push('memberOfPublic');
  if (authorType === 'notSet') warnings.push('authorTypeNotSet');
  if (permission !== 'granted' && permission !== 'notNeeded') warnings.push('permissionNotGranted');
  return warnings;
}
