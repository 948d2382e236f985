/** Bounds on every string and list the X data reader keeps: a snapshot's (utils/snapshot-limits.ts), so a record read here always fits one. */
export { MAX_ITEMS, MAX_SHORT, MAX_TEXT, MAX_URL } from '@/utils/snapshot-limits';
