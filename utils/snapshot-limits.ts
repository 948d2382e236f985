/**
 * The bounds of every string and list in a snapshot: the schema (utils/snapshot.ts) checks them, and
 * the readers of X's page and data (utils/x/) keep within them. A module of its own so that the
 * content script can use them without the schema's validation library.
 */
/** A post's text (X's longest posts are 25,000 characters). */
export const MAX_TEXT = 40_000;
/** A name, a label, a link's shown text. */
export const MAX_SHORT = 1_000;
/** An address. */
export const MAX_URL = 4_096;
/** Links, mentions, hashtags, media of one post. */
export const MAX_ITEMS = 100;
