import { browser } from 'wxt/browser';
import { normaliseTags } from '@/utils/x/tags';
import { UI_LOCALES, type UiLocale } from '@/utils/domain/locales';

/**
 * User settings, in storage.local so the content script reads them without asking the background
 * and every context hears changes through storage.onChanged.
 */
export interface Settings {
  /** Hashtags (without '#', lower case) whose posts get the button. */
  trackedTags: string[];
  /** Show the button on X at all. */
  showButton: boolean;
  /** The contributor's name, stamped on their annotations when they export. */
  contributorName: string;
  /** The contributor's organisation (a council, an agency). */
  organisation: string;
  /** Export: leave members of the public out of the bundle (the dialog's last choice; the popup uses it). */
  exportAnonymise: boolean;
  /** Export: put the posts' images in the bundle. */
  exportIncludeImages: boolean;
  /** Keep local copies of clippings' images (fetched by the background from X's media CDN). */
  keepImageCopies: boolean;
  /** The UI's language: the browser's ('auto') or one the user chose on the options page. */
  language: Language;
}

export type Language = 'auto' | UiLocale;
export const LANGUAGES: readonly Language[] = ['auto', ...UI_LOCALES];

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = { trackedTags: ['lgadigital'], showButton: true, contributorName: '', organisation: '', exportAnonymise: true, exportIncludeImages: false, keepImageCopies: false, language: 'auto' };

const MAX_NAME = 200;
const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_NAME) : '');

/** Reads settings from a raw stored value, keeping defaults for anything missing or malformed. */
export function parseSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const tags = Array.isArray(r.trackedTags) ? normaliseTags(r.trackedTags.filter((t): t is string => typeof t === 'string')) : null;
  return {
    trackedTags: tags && tags.length > 0 ? tags : DEFAULT_SETTINGS.trackedTags,
    showButton: typeof r.showButton === 'boolean' ? r.showButton : DEFAULT_SETTINGS.showButton,
    contributorName: text(r.contributorName),
    organisation: text(r.organisation),
    exportAnonymise: typeof r.exportAnonymise === 'boolean' ? r.exportAnonymise : DEFAULT_SETTINGS.exportAnonymise,
    exportIncludeImages: typeof r.exportIncludeImages === 'boolean' ? r.exportIncludeImages : DEFAULT_SETTINGS.exportIncludeImages,
    keepImageCopies: typeof r.keepImageCopies === 'boolean' ? r.keepImageCopies : DEFAULT_SETTINGS.keepImageCopies,
    language: LANGUAGES.includes(r.language as Language) ? (r.language as Language) : DEFAULT_SETTINGS.language,
  };
}

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}
