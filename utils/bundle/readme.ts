import { i18n } from '#i18n';
import { BUNDLE_VERSION } from './schema';

/** README.txt: what each file of the bundle is and how to import it. Plain text, CRLF (Notepad). */
export function readmeText(options: { contributor: string; date: string; count: number; anonymised: boolean; withImages: boolean; missingImages: readonly string[] }): string {
  const lines = [
    i18n.t('bundle.readme.intro', [options.contributor, options.date, String(options.count)]),
    '',
    i18n.t('bundle.readme.files'),
    '',
    `- ${i18n.t('bundle.readme.bundleJson')}`,
    `- ${i18n.t('bundle.readme.schemaJson', [String(BUNDLE_VERSION)])}`,
    `- ${i18n.t('bundle.readme.csv')}`,
    `- ${i18n.t('bundle.readme.docx')}`,
    `- ${i18n.t('bundle.readme.html')}`,
  ];
  if (options.withImages) lines.push(`- ${i18n.t('bundle.readme.media')}`);
  lines.push('', options.anonymised ? i18n.t('bundle.readme.anonymised') : i18n.t('bundle.readme.notAnonymised'), '', i18n.t('bundle.readme.import'));
  if (options.missingImages.length > 0) lines.push('', i18n.t('bundle.readme.missing'), ...options.missingImages.map((url) => `- ${url}`));
  return `${lines.join('\r\n')}\r\n`;
}
