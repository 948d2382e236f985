import { i18n } from '#i18n';
import type { ImportProblem } from '@/utils/bundle/import';

/** What went wrong with a file the user chose to import, and how to put it right. */
export function importProblemMessage(problem: ImportProblem): string {
  switch (problem.code) {
    case 'too-large':
      return i18n.t('importProblem.tooLarge', [String(Math.round(problem.maxBytes / (1024 * 1024)))]);
    case 'not-a-bundle':
      return i18n.t('importProblem.notABundle');
    case 'no-bundle-json':
      return i18n.t('importProblem.noBundleJson');
    case 'zip-bomb':
      return i18n.t('importProblem.zipBomb');
    case 'corrupt':
      return i18n.t('importProblem.corrupt');
    case 'unknown-format':
      return i18n.t('importProblem.unknownFormat', [problem.format ?? '?']);
    case 'newer-version':
      return i18n.t('importProblem.newerVersion', [String(problem.version)]);
    case 'invalid-fields':
      return i18n.t('importProblem.invalidFields', [problem.fields.slice(0, 3).join(', ')]);
  }
}
