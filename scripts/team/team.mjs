// Team set-up commands against a CouchDB 3 (or any server speaking its HTTP API):
//   team create     --server URL --admin USER:PASSWORD --team NAME
//   team add-member --server URL --admin USER:PASSWORD --team NAME --user USER --password PASSWORD
// Exits 0 on success; prints a clear message and exits 1 otherwise.
import { parseCommand, UsageError } from '../../utils/team/cli.ts';
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

async function create({ server, admin, team }) {
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
}

async function addMember({ server, admin, team, user, password }) {
  const call = client(server, admin);
  const id = `/_users/${encodeURIComponent(`org.couchdb.user:${user}`)}`;
  const old = await call('GET', id);
  const doc = { ...userDoc(user, password), ...(old.status === 200 ? { _rev: old.json._rev, roles: old.json.roles ?? [] } : {}) };
  const saved = await call('PUT', id, doc);
  if (saved.status !== 201 && saved.status !== 202) throw new Failure(`Could not save user ${user}: ${saved.status} ${saved.json.reason ?? ''}`);
  const sec = await call('GET', `${dbPath(team)}/_security`);
  if (sec.status === 404) throw new Failure(`No team ${team} on ${server.origin}: run create first.`);
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
  if (e instanceof UsageError || e instanceof Failure) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
