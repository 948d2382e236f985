import Papa from 'papaparse';
import type { BundleClipping } from './schema';
import { authorOf, label, authorTypeLabel, formatDay, kindLabel, permissionLabel, verdictLabel } from './view';

/**
 * clippings.csv: one row per clipping and contributor, for an editor to sort and filter in a
 * spreadsheet. UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, RFC 4180
 * quoting (papaparse), and no formulas: a cell starting with =, +, -, @, tab or CR gets a leading
 * apostrophe, so a spreadsheet shows it as text and never runs it.
 */

export const CSV_BOM = '\uFEFF';

const COLUMNS = [
  'theme',
  'verdict',
  'kind',
  'lesson',
  'note',
  'author',
  'handle',
  'authorType',
  'permission',
  'posted',
  'postedDay',
  'link',
  'text',
  'contributor',
  'organisation',
  'postId',
  'clipped',
  'updated',
] as const;

export function csvHeader(): string[] {
  return COLUMNS.map((c) => label(`bundle.csv.${c}`));
}

/** A cell a spreadsheet will show as text, never evaluate. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export interface CsvContext {
  themeName: (id: string) => string;
  themeOrder: ReadonlyMap<string, number>;
}

/** The rows of one clipping: one per annotation (contributor). */
export function csvRows(c: BundleClipping, ctx: CsvContext): string[][] {
  const author = authorOf(c);
  const s = c.snapshot;
  return c.annotations.map((a) => {
    const themes = a.themes.filter((t) => ctx.themeOrder.has(t)).sort((x, y) => ctx.themeOrder.get(x)! - ctx.themeOrder.get(y)!);
    const row: Record<(typeof COLUMNS)[number], string> = {
      theme: themes.map(ctx.themeName).join('; '),
      verdict: verdictLabel(a.verdict),
      kind: kindLabel(a.kind),
      lesson: a.lesson,
      note: a.note,
      author: author.name,
      handle: author.handle.replace(/^@/, ''),
      authorType: authorTypeLabel(a.authorType),
      permission: permissionLabel(a.permission),
      posted: s.postedAt ?? '',
      postedDay: formatDay(s.postedAt),
      link: s.permalink,
      text: s.text,
      contributor: a.contributor.name,
      organisation: a.contributor.organisation,
      postId: c.postId,
      clipped: c.clippedAt,
      updated: a.updatedAt,
    };
    return COLUMNS.map((col) => neutraliseFormula(row[col]));
  });
}

/** CSV text of rows (no BOM), each row ended by CRLF. */
export function toCsv(rows: string[][]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows, { newline: '\r\n', quotes: false, escapeFormulae: false })}\r\n`;
}

/** The whole file's first part: BOM and header row. */
export function csvStart(): string {
  return CSV_BOM + toCsv([csvHeader()]);
}
