// Document validation for the embedded team server: express-pouchdb's own `validation` part, except that the
// validation functions work on deep copies of the documents and the store writes the documents as they arrived.
//
// pouchdb-validation 4.2 sets `newDoc._revisions` to the stored document's revisions before it runs the
// `validate_doc_update` functions, on the very object that is then written. A replicated update
// (`_bulk_docs` with `new_edits: false`) carries its revision history in `_revisions`; with the stored
// history in its place the store sees a revision it already has and skips the write while answering as if it
// had succeeded (pouchdb/pouchdb-server#419). CouchDB 3 validates without touching the written document.
//
// Each database gets three layers of wrappers, outermost first:
//   1. `toCopies`: hands the next layer deep copies of the documents and remembers each copy's original, and
//      gives a `_bulk_docs` write the database's security object (see `withSecurity`);
//   2. pouchdb-validation: validates the copies (and may change them, as above), drops refused ones;
//   3. `toOriginals`: puts the original of every copy that passed back in its place before the write. An id
//      that the validation layer gave a document without one (a `post`) is kept.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wrappers = require('pouchdb-wrappers');
const validation = require('pouchdb-validation');

const ORIGINALS = Symbol('originals of the validated copies');

function copyOf(doc, originals) {
  const copy = structuredClone(doc);
  originals.set(copy, doc);
  return copy;
}

function originalOf(copy, originals) {
  const original = originals.get(copy);
  if (original === undefined) return copy;
  if (original._id === undefined && copy._id !== undefined) original._id = copy._id;
  return original;
}

function docsHandler(wrap) {
  return (orig, args) => {
    wrap(args);
    return orig();
  };
}

/**
 * express-pouchdb reads a database's security object for its routes in a middleware registered after the
 * `_bulk_docs` route, so a `_bulk_docs` write reaches validation without it and the validation function sees a
 * database without members. CouchDB passes it to every write; the database's own is read here when missing.
 */
function withSecurity(handler) {
  return async (orig, args) => {
    if (args.options && !args.options.secObj && typeof args.base.getSecurity === 'function') {
      args.options.secObj = await args.base.getSecurity();
    }
    return handler(orig, args);
  };
}

const toCopies = {
  bulkDocs: docsHandler((args) => {
    args[ORIGINALS] = new Map();
    args.docs = args.docs.map((doc) => copyOf(doc, args[ORIGINALS]));
  }),
};
const toOriginals = {
  bulkDocs: docsHandler((args) => {
    if (args[ORIGINALS]) args.docs = args.docs.map((copy) => originalOf(copy, args[ORIGINALS]));
  }),
};
for (const name of ['put', 'post', 'remove']) {
  toCopies[name] = docsHandler((args) => {
    args[ORIGINALS] = new Map();
    args.doc = copyOf(args.doc, args[ORIGINALS]);
  });
  toOriginals[name] = docsHandler((args) => {
    if (args[ORIGINALS]) args.doc = originalOf(args.doc, args[ORIGINALS]);
  });
}
for (const name of Object.keys(toCopies)) toCopies[name] = withSecurity(toCopies[name]);

/** Wraps one database's write methods: copies in, pouchdb-validation, originals out. */
export function installCopyingValidation(db) {
  // pouchdb-wrappers calls a method's handlers in the order they were installed, the first outermost.
  wrappers.installWrapperMethods(db, toCopies);
  validation.installValidationMethods.call(db);
  wrappers.installWrapperMethods(db, toOriginals);
}

/**
 * Registers the copying validation on an express-pouchdb app created with
 * `overrideMode: { exclude: ['validation'] }`, before its `setPouchDB`.
 */
export function enableCopyingValidation(app) {
  app.dbWrapper.registerWrapper((name, db, next) => {
    installCopyingValidation(db);
    return next();
  });
}
