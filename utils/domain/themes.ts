/**
 * The starting taxonomy of themes (../shared/domain.md), seeded into a new library. Their names are
 * messages (locales: `themes.<id>`), so they show in the user's language until the user renames one.
 * Annotations link to a theme's id, so a rename never loses a link.
 */
export const DEFAULT_THEME_IDS = [
  'strategy',
  'tone',
  'listening',
  'content',
  'emergencies',
  'preElection',
  'councillors',
  'moderation',
  'legal',
  'accessibility',
  'governance',
  'democracy',
] as const;
