/**
 * The snapshot's version and its upgrade, apart from the schema (utils/snapshot.ts) so that the
 * database, which every page opens, does not bring valibot with it.
 */

/** The version a snapshot is written in. */
export const SNAPSHOT_SCHEMA = 2;

/**
 * A snapshot (utils/snapshot.ts's PostSnapshot) of any version as the current version. Version 2 only
 * adds optional fields, so a version 1 snapshot keeps every field and value and says 2. Pure; the
 * input is not changed.
 */
export function upgradeSnapshot<T extends { schema: number }>(snapshot: T): T {
  return snapshot.schema === SNAPSHOT_SCHEMA ? snapshot : { ...snapshot, schema: SNAPSHOT_SCHEMA };
}
