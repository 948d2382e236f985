import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';

/**
 * Fields a table's records are stored with for its indexes alone (annotation-index.ts,
 * clipping-index.ts). `write` gives every record written its fields: a Dexie middleware on `add` and
 * `put`, the outermost one, so every path (Dexie's own `update` and `modify` too) is covered. `read`
 * takes them off every record read (a reading hook), so the rest of the code sees its records exactly
 * as written.
 */
export function installIndexFields<T>(db: Dexie, table: string, name: string, write: (record: T) => T, read: (record: T) => T): void {
  const withFields = (down: DBCoreTable): DBCoreTable => ({
    ...down,
    mutate(req: DBCoreMutateRequest) {
      if (req.type === 'add' || req.type === 'put') return down.mutate({ ...req, values: req.values.map((v) => write(v as T)) } as DBCoreMutateRequest);
      return down.mutate(req);
    },
  });
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name,
    create(down) {
      return {
        ...down,
        table(tableName) {
          const t = down.table(tableName);
          return tableName === table ? withFields(t) : t;
        },
      };
    },
  };
  db.use(middleware);
  db.table(table).hook('reading', (record: T) => read(record));
}
