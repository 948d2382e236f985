// The parts of PouchDB (pouchdb-browser) the team library uses. PouchDB ships no types of its own.
declare module 'pouchdb-browser' {
  const PouchDB: import('./replica').PouchConstructor;
  export default PouchDB;
}
