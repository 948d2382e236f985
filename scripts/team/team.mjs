// Team set-up commands against a CouchDB 3 (or any server speaking its HTTP API):
//   team create     --server URL --admin USER:PASSWORD --team NAME [--origin EXTENSION-ORIGIN]
//   team add-member --server URL --admin USER:PASSWORD --team NAME --user USER --password PASSWORD
// Exits 0 on success; prints a clear message and exits 1 otherwise.
import { corsAdvice, corsSettings, parseCommand, UsageError } from '../../utils/team/cli.ts';
import { designDoc, designDocId, securityObject, userDoc } from '../../utils/team/docs.ts';

class Failure extends Error {}

function client(server, admin) {
  const auth = 'Basic ' + Buffer.from(`${admin.user}:${admin.password}`).toString('base64');
  return async (method, path, body) => {
    let res;
    try {
      res = await fetch(new URL(path, server), {
        method,
        headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new Failure(`Server unreachable at ${server.origin}: ${e.cause?.message ?? e.message}`);
    }
    const json = await res.json().catch(() => ({}));
    if (res.status === 401) throw new Failure('Wrong admin user name or password.');
    return { status: res.status, json };
  };
}

const dbPath = (team) => `/${encodeURIComponent(team)}`;

const configPath = (section, key) => `/_node/_local/_config/${encodeURIComponent(section)}${key ? `/${encodeURIComponent(key)}` : ''}`;

/** With an origin: allow it through CORS with credentials. Without: say what the server allows. */
async function cors(call, origin) {
  const current = await call('GET', configPath('cors'));
  if (origin === undefined) {
    const enabled = await call('GET', configPath('chttpd', 'enable_cors'));
    const on = enabled.status === 200 && String(enabled.json) === 'true';
    const origins = current.status === 200 ? (current.json.origins ?? '') : '';
    const credentials = current.status === 200 && String(current.json.credentials) === 'true';
    if (on && credentials && origins) console.log(`CORS: allowed origins ${origins}, with credentials.`);
    else console.log(corsAdvice());
    return;
  }
  if (current.status !== 200) {
    throw new Failure(`Could not read the server's CORS settings (${current.status}); set them by hand.\n${corsAdvice(origin)}`);
  }
  for (const [section, key, value] of corsSettings(current.json.origins, origin)) {
    const put = await call('PUT', configPath(section, key), value);
    if (put.status !== 200) throw new Failure(`Could not set [${section}] ${key} (${put.status}); set it by hand.\n${corsAdvice(origin)}`);
  }
  console.log(`CORS: ${origin} may call the server with its session cookie.`);
}

async function create({ server, admin, team, origin }) {
  const call = client(server, admin);
  const made = await call('PUT', dbPath(team));
  if (made.status !== 201 && made.status !== 412) throw new Failure(`Could not create ${team}: ${made.status} ${made.json.reason ?? ''}`);
  const sec = await call('GET', `${dbPath(team)}/_security`);
  const members = sec.json?.members?.names ?? [];
  const put = await call('PUT', `${dbPath(team)}/_security`, securityObject(admin.user, members));
  if (put.status !== 200) throw new Failure(`Could not set the members of ${team}: ${put.status} ${put.json.reason ?? ''}`);
  const old = await call('GET', `${dbPath(team)}/${designDocId}`);
  const doc = { ...designDoc(), ...(old.status === 200 ? { _rev: old.json._rev } : {}) };
  const ddoc = await call('PUT', `${dbPath(team)}/${designDocId}`, doc);
  if (ddoc.status !== 201 && ddoc.status !== 202) throw new Failure(`Could not install the validation function: ${ddoc.status} ${ddoc.json.reason ?? ''}`);
  console.log(`Team ${team} ready at ${server.origin} (${members.length} members).`);
  await cors(call, origin);
}

async function addMember({ server, admin, team, user, password }) {
  const call = client(server, admin);
  const sec = await call('GET', `${dbPath(team)}/_security`);
  if (sec.status === 404) throw new Failure(`No team ${team} on ${server.origin}: run create first.`);
  if (sec.status !== 200) throw new Failure(`Could not read the members of ${team}: ${sec.status} ${sec.json.reason ?? ''}`);
  const id = `/_users/${encodeURIComponent(`org.couchdb.user:${user}`)}`;
  const old = await call('GET', id);
  const doc = { ...userDoc(user, password), ...(old.status === 200 ? { _rev: old.json._rev, roles: old.json.roles ?? [] } : {}) };
  const saved = await call('PUT', id, doc);
  if (saved.status !== 201 && saved.status !== 202) throw new Failure(`Could not save user ${user}: ${saved.status} ${saved.json.reason ?? ''}`);
  const names = sec.json?.members?.names ?? [];
  const admins = sec.json?.admins?.names?.[0] ?? admin.user;
  const put = await call('PUT', `${dbPath(team)}/_security`, securityObject(admins, names.includes(user) ? names : [...names, user]));
  if (put.status !== 200) throw new Failure(`Could not add ${user} to ${team}: ${put.status} ${put.json.reason ?? ''}`);
  console.log(`${user} is a member of ${team}.`);
}

try {
  const cmd = parseCommand(process.argv.slice(2));
  if (cmd.command === 'create') await create(cmd);
  else if (cmd.command === 'add-member') await addMember(cmd);
  else throw new UsageError('Use npm run team-server to start the server.');
} catch (e) {
  console.error(e instanceof UsageError || e instanceof Failure ? e.message : `Unexpected error: ${e?.stack ?? e}`);
  process.exit(1);
}
