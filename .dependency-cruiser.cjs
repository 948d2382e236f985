/**
 * The architecture's import rules, checked by dependency-cruiser (`npm run lint`). What each rule
 * means and why: docs/architecture.md, "Rules the linter enforces". Type-only imports count here
 * (`tsPreCompilationDeps: true`): a layer that names another's types still depends on it.
 * The content script's rule is in .dependency-cruiser.content.cjs, where type-only imports do not count.
 */

const path = require('node:path');

/** Browser and database modules that pure code must be handed, never import. */
const BROWSER_AND_DATABASE = [
  '^utils/store/',
  '(^|/)node_modules/dexie/',
  '(^|/)node_modules/wxt/',
  '(^|/)node_modules/webextension-polyfill/',
  '(^|/)node_modules/@wxt-dev/(browser|webextension-polyfill|i18n)/',
  '^\\.wxt/i18n/',
];

/** Pure modules: data in, data out. */
const PURE = '^utils/(x|bundle|search|domain)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No module may import itself through a chain of imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-modules-stay-pure',
      severity: 'error',
      comment: 'utils/x, utils/bundle, utils/search and utils/domain import no database, no store and no browser API: what they need is passed in.',
      from: { path: PURE },
      to: { path: BROWSER_AND_DATABASE },
    },
    {
      name: 'pages-use-the-store',
      severity: 'error',
      comment: 'Pages read and write the database through utils/store; only the live-query hook imports Dexie itself.',
      from: { path: '^components/', pathNot: '^components/use-live-query\\.ts$' },
      to: { path: '(^|/)node_modules/dexie/' },
    },
    {
      name: 'utils-below-components',
      severity: 'error',
      comment: 'utils/ is below components/: it imports no component.',
      from: { path: '^utils/' },
      to: { path: '^components/' },
    },
    {
      name: 'entrypoints-only-wire',
      severity: 'error',
      comment: 'Entrypoints wire modules to the browser; nothing imports an entrypoint.',
      from: { pathNot: '^entrypoints/' },
      to: { path: '^entrypoints/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^\\.output/' },
    tsPreCompilationDeps: true,
    // `@/…` is the project's root and `#i18n` WXT's generated module, as in .wxt/tsconfig.json.
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.depcruise.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'default'],
      mainFields: ['module', 'main'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
