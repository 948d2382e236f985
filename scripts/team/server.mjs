// The embedded team server for trying and for tests: a CouchDB-protocol server (express-pouchdb from
// pouchdb-server) on 127.0.0.1, in the foreground, data kept in --data, stopped by SIGTERM.
//   team-server --port PORT --data DIR --admin USER:PASSWORD
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommand, UsageError } from '../../utils/team/cli.ts';

let cmd;
try {
  cmd = parseCommand(['server', ...process.argv.slice(2)]);
} catch (e) {
  console.error(e instanceof UsageError ? e.message : String(e));
  process.exit(1);
}

const dir = resolve(cmd.data);
try {
  mkdirSync(dir, { recursive: true });
  const { default: express } = await import('express');
  const { default: core } = await import('pouchdb-core');
  const PouchDB = core
    .plugin((await import('pouchdb-adapter-http')).default)
    .plugin((await import('pouchdb-replication')).default)
    .plugin((await import('pouchdb-mapreduce')).default)
    .plugin((await import('pouchdb-adapter-leveldb')).default);
  const { default: expressPouchDB } = await import('express-pouchdb');
  const Pouch = PouchDB.defaults({ prefix: dir + '/' });
  const app = express();
  const couch = expressPouchDB(Pouch, { configPath: `${dir}/config.json`, logPath: `${dir}/log.txt` });
  app.use('/', couch);
  await new Promise((ok, fail) => couch.couchConfig.set('admins', cmd.admin.user, cmd.admin.password, (e) => (e ? fail(e) : ok())));
  const server = app.listen(cmd.port, '127.0.0.1');
  await new Promise((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  console.log(`Team server on http://127.0.0.1:${cmd.port}, data in ${dir}`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.on('SIGINT', () => server.close(() => process.exit(0)));
} catch (e) {
  console.error(`Could not start the team server: ${e.message}`);
  process.exit(1);
}
