// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { installCopyingValidation } from '../../scripts/team/validation.mjs';
import { annotationId, designDoc } from '../../utils/team/docs';
import { PouchDB, type Db } from './pouch';

// The validation layer of the embedded server, in process: pouchdb-validation as express-pouchdb installs it
// loses replicated updates (pouchdb/pouchdb-server#419); the copying validation writes them and still refuses
// a forged annotation.
const ann = { userCtx: { name: 'ann', roles: [] }, secObj: { members: { names: ['ann', 'bob'], roles: [] } } };
let n = 0;

async function teamDb(install: (db: Db) => void): Promise<Db> {
  const db = new PouchDB(`validation-${++n}`, { adapter: 'memory' });
  await db.put(designDoc());
  install(db);
  return db;
}

/** A replicated second revision of `doc` (what a client sends with `new_edits: false`). */
function replicatedUpdate(doc: { _id: string; _rev: string }, changes: object) {
  const [, hash] = doc._rev.split('-');
  return { ...doc, ...changes, _rev: '2-0b0b', _revisions: { start: 2, ids: ['0b0b', hash!] } };
}

async function writeThenReplicate(db: Db) {
  const id = annotationId('ann', '1');
  const first = await db.put({ _id: id, type: 'annotation', owner: 'ann', postId: '1', verdict: 'do' }, ann);
  const answer = await db.bulkDocs([replicatedUpdate({ _id: id, _rev: first.rev! }, { type: 'annotation', owner: 'ann', postId: '1', verdict: 'dont' })], {
    new_edits: false,
    ...ann,
  });
  return { answer, stored: await db.get(id) };
}

describe('validation of replicated writes', () => {
  it("pouchdb-validation as it is keeps the old revision while answering as if the update were written", async () => {
    const db = await teamDb((d) => d.installValidationMethods());
    const { answer, stored } = await writeThenReplicate(db);
    expect(answer).toEqual([]);
    expect(stored._rev).toMatch(/^1-/);
    expect(stored.verdict).toBe('do');
    await db.destroy();
  });

  it('the copying validation writes the replicated update', async () => {
    const db = await teamDb(installCopyingValidation);
    const { answer, stored } = await writeThenReplicate(db);
    expect(answer).toEqual([]);
    expect(stored._rev).toBe('2-0b0b');
    expect(stored.verdict).toBe('dont');
    await db.destroy();
  });

  it('the copying validation still refuses a forged annotation, replicated or not, and writes the rest of a batch', async () => {
    const db = await teamDb(installCopyingValidation);
    const forged = { _id: annotationId('bob', '1'), type: 'annotation', owner: 'bob', postId: '1' };
    await expect(db.put(forged, ann)).rejects.toMatchObject({ status: 403, name: 'forbidden' });
    const own = { _id: annotationId('ann', '2'), type: 'annotation', owner: 'ann', postId: '2' };
    const answer = await db.bulkDocs(
      [
        { ...forged, _rev: '1-0f0f', _revisions: { start: 1, ids: ['0f0f'] } },
        { ...own, _rev: '1-0a0a', _revisions: { start: 1, ids: ['0a0a'] } },
      ],
      { new_edits: false, ...ann },
    );
    expect(answer).toEqual([expect.objectContaining({ status: 403, id: forged._id })]);
    await expect(db.get(forged._id)).rejects.toMatchObject({ status: 404 });
    expect((await db.get(own._id))._rev).toBe('1-0a0a');
    await db.destroy();
  });

  it('a validation function that changes the document it is given does not change what is written', async () => {
    const db = new PouchDB(`validation-${++n}`, { adapter: 'memory' });
    await db.put({ _id: '_design/meddle', validate_doc_update: 'function (doc) { doc.meddled = true; doc._revisions = null; }' });
    installCopyingValidation(db);
    await db.bulkDocs([{ _id: 'x', _rev: '1-0c0c', _revisions: { start: 1, ids: ['0c0c'] }, v: 1 }], { new_edits: false, ...ann });
    const stored = await db.get('x');
    expect(stored._rev).toBe('1-0c0c');
    expect(stored).not.toHaveProperty('meddled');
    await db.destroy();
  });
});
