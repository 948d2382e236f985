import { BUNDLE_VERSION } from './schema';
import type { Translate } from './view';

/** README.txt: what each file of the bundle is and how to import it. Plain text, CRLF (Notepad). */
export function readmeText(options: { contributor: string; date: string; count: number; anonymised: boolean; withImages: boolean; missingImages: readonly string[] }, t: Translate): string {
  const lines = [
    t('bundle.readme.intro', [options.contributor, options.date, String(options.count)]),
    '',
    t('bundle.readme.files'),
    '',
    `- ${t('bundle.readme.bundleJson')}`,
    `- ${t('bundle.readme.schemaJson', [String(BUNDLE_VERSION)])}`,
    `- ${t('bundle.readme.csv')}`,
    `- ${t('bundle.readme.docx')}`,
    `- ${t('bundle.readme.html')}`,
  ];
  if (options.withImages) lines.push(`- ${t('bundle.readme.media')}`);
  lines.push('', options.anonymised ? t('bundle.readme.anonymised') : t('bundle.readme.notAnonymised'), '', t('bundle.readme.import'));
  if (options.missingImages.length > 0) lines.push('', t('bundle.readme.missing'), ...options.missingImages.map((url) => `- ${url}`));
  return `${lines.join('\r\n')}\r\n`;
}
