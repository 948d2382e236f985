/**
 * The content script's rule (docs/architecture.md, "Rules the linter enforces"). It is checked with
 * type-only imports left out (`tsPreCompilationDeps: false`), as the build erases them: what counts is
 * the code that ships in content-scripts/x.js.
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'content-script-stays-light',
      severity: 'error',
      comment: 'No import chain from the content scripts on X (isolated and main world) reaches Dexie, Preact, valibot or the store.',
      from: { path: ['^entrypoints/x\\.content/', '^entrypoints/x-data\\.content\\.ts$'] },
      to: { reachable: true, path: ['(^|/)node_modules/(dexie|preact|valibot|@valibot/[^/]+)/', '^utils/store/'] },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};
