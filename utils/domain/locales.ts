/** The locales we ship (locales/<name>.yml → _locales/<name>/messages.json). */
export type UiLocale = 'en_GB' | 'cy';
export const UI_LOCALES: readonly UiLocale[] = ['en_GB', 'cy'];
