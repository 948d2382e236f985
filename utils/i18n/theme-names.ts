import { i18n } from '#i18n';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';

/** A built-in theme's name in the UI's language (its message `themes.<id>`). */
export const builtInThemeName = (id: string): string => i18n.t(`themes.${id}` as Parameters<typeof i18n.t>[0]);

/**
 * Every built-in theme's name in the UI's language, by id: plain data, for work that runs where the
 * browser's i18n does not (the import's worker gets them in its request; utils/store/merge.ts).
 */
export function builtInThemeNames(): Record<string, string> {
  return Object.fromEntries(DEFAULT_THEME_IDS.map((id) => [id, builtInThemeName(id)]));
}
