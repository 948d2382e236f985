import type { DBCoreTable } from 'dexie';
import type { ClipperDB } from '@/utils/store/db';

/**
 * Puts a DBCore middleware called `name` on one table of `db`: what `wrap` returns replaces that table's
 * methods (to count its requests, or to make its writes fail as on a full disk). It takes effect when the
 * database opens.
 */
export function wrapTable(db: ClipperDB, name: string, tableName: string, wrap: (table: DBCoreTable) => Partial<DBCoreTable>): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (n) => {
        const table = down.table(n);
        return n === tableName ? { ...table, ...wrap(table) } : table;
      },
    }),
  });
}
