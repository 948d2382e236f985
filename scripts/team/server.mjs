// The embedded team server for trying and for tests: a CouchDB-protocol server (express-pouchdb from
// pouchdb-server, LevelDB storage) on 127.0.0.1, in the foreground, data kept in --data, stopped by SIGTERM.
//   team-server --port PORT --data DIR --admin USER:PASSWORD
// --port 0 takes a free port. Once listening it prints one line, `Team server on http://127.0.0.1:PORT, ...`;
// exits 0 when stopped, 1 with a message when it cannot start.
// Differences from express-pouchdb's defaults: validation works on copies of the documents, so replicated
// updates are written (validation.mjs), CORS is answered for extension origins (cors.mjs), and CouchDB 3's
// `/_node/_local/...` addresses (its config API) are understood.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseCommand, UsageError } from '../../utils/team/cli.ts';
import { corsMiddleware } from './cors.mjs';
import { enableCopyingValidation } from './validation.mjs';

const require = createRequire(import.meta.url);

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
  const PouchDB = require('pouchdb-core')
    .plugin(require('pouchdb-adapter-http'))
    .plugin(require('pouchdb-replication'))
    .plugin(require('pouchdb-mapreduce'))
    .plugin(require('pouchdb-adapter-leveldb'));
  // The admin goes into the config file, hashed, before express-pouchdb reads it: setting it afterwards would
  // race the file save that express-pouchdb starts on its own when the file already exists.
  const configPath = `${dir}/config.json`;
  const config = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
  const admins = await require('pouchdb-auth').hashAdminPasswords({ [cmd.admin.user]: cmd.admin.password });
  config.admins = { ...config.admins, ...admins };
  // The session secret is kept with the data, as CouchDB keeps it in its ini file: members stay signed in
  // across a restart of the server (a fresh secret each start would sign everyone out).
  const auth = config.couch_httpd_auth ?? {};
  if (typeof auth.secret !== 'string' || auth.secret.length < 32) auth.secret = randomBytes(32).toString('hex');
  config.couch_httpd_auth = auth;
  writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n');
  const expressPouchDB = require('express-pouchdb');
  const couch = expressPouchDB({
    configPath,
    logPath: `${dir}/log.txt`,
    overrideMode: { exclude: ['validation'] },
  });
  enableCopyingValidation(couch);
  couch.setPouchDB(PouchDB.defaults({ prefix: dir + '/' }));

  couch.couchConfig.registerDefault('chttpd', 'enable_cors', true);
  couch.couchConfig.registerDefault('cors', 'credentials', true);
  const cors = corsMiddleware(couch.couchConfig);
  const server = createServer((req, res) => {
    if (req.url.startsWith('/_node/_local/')) req.url = req.url.slice('/_node/_local'.length);
    cors(req, res, () => couch(req, res));
  });
  server.listen(cmd.port, '127.0.0.1');
  await new Promise((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const { port } = server.address();
  console.log(`Team server on http://127.0.0.1:${port}, data in ${dir}`);
  const stop = () => {
    server.close(() => process.exit(0));
    // Live replications hold long-poll requests open; they end with the server.
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Started through `npm run`, the server runs under a shell that a SIGTERM to npm ends without passing it on;
  // the server then has a new parent and stops as if it had the signal itself.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
} catch (e) {
  console.error(`Could not start the team server: ${e.message}`);
  process.exit(1);
}
