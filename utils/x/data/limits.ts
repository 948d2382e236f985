/**
 * Bounds on every string and list the X data reader keeps. utils/snapshot.ts has the same limits
 * for stored snapshots (MAX_TEXT, MAX_SHORT, MAX_URL, MAX_ITEMS), so a record read here always fits
 * a snapshot.
 */
export const MAX_TEXT = 40_000; // X's longest posts are 25,000 characters
export const MAX_SHORT = 1_000;
export const MAX_URL = 4_096;
export const MAX_ITEMS = 100;
