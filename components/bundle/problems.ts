import { i18n } from '#i18n';
import type { ImportProblem } from '@/utils/bundle/import';

/** What an import problem says to the user: what went wrong and how to fix it (for a role=alert). */
export function importProblemMessage(problem: ImportProblem): string {
  switch (problem.code) {
    case 'too-large':
      return i18n.t('bundle.problem.tooLarge', [String(Math.round(problem.maxBytes / (1024 * 1024)))]);
    case 'not-a-bundle':
      return i18n.t('bundle.problem.notABundle');
    case 'no-bundle-json':
      return i18n.t('bundle.problem.noBundleJson');
    case 'zip-bomb':
      return i18n.t('bundle.problem.zipBomb');
    case 'corrupt':
      return i18n.t('bundle.problem.corrupt');
    case 'unknown-format':
      return problem.format ? i18n.t('bundle.problem.unknownFormat', [problem.format]) : i18n.t('bundle.problem.unknownFormatNone');
    case 'newer-version':
      return i18n.t('bundle.problem.newerVersion', [String(problem.version)]);
    case 'invalid-fields':
      return i18n.t('bundle.problem.invalidFields', [problem.fields.join(', ')]);
  }
}
