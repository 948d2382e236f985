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

/**
 * Makes the next write (put) to one table of `db` fail, once `arm()` is called, as a full disk would: at the
 * DBCore level, so whichever way the code writes (a table's method, a transaction's own table) it fails.
 * Put on the database before it opens; `fired()` says whether a write failed.
 */
export function failNextWrite(db: ClipperDB, tableName: string, message = 'QuotaExceededError'): { arm(): void; fired(): boolean } {
  let armed = false;
  let fired = false;
  wrapTable(db, `fail-next-write-${tableName}`, tableName, (table) => ({
    mutate: (req) => {
      if (armed && req.type === 'put') {
        armed = false;
        fired = true;
        return Promise.reject(new Error(message));
      }
      return table.mutate(req);
    },
  }));
  return { arm: () => void (armed = true), fired: () => fired };
}
