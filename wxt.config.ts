import { createRequire } from 'node:module';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** WXT's own `browser` (the browser's `browser` global, else `chrome`), without webextension-polyfill. */
const NATIVE_BROWSER = createRequire(import.meta.url).resolve('wxt/browser');

// The extension's manifest and build. Why each permission is here: docs/permissions.md.
export default defineConfig({
  // Explicit imports everywhere: a newcomer can follow every name to its file.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en_GB',
    // storage: settings and the change feed that keeps every open X tab's buttons right.
    // contextMenus: "Send to LGA guide" on a post's right-click menu.
    // alarms: the team library's sync every minute while the browser belongs to a team.
    permissions: ['storage', 'contextMenus', 'alarms'],
    // X's media CDN, asked for only when the user ticks "Include images" in an export or "Keep copies
    // of images"; a team's server, asked for (that one origin) when the user connects to it: https
    // anywhere, plain http only on this computer.
    optional_host_permissions: ['https://pbs.twimg.com/*', 'https://video.twimg.com/*', 'https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    action: { default_title: '__MSG_extName__' },
    // light-dark() in the button's colours (Chromium 123; docs/browsers.md).
    minimum_chrome_version: '123',
    // Firefox only (removed from the Chrome and Edge manifests by the hook below). Why these values:
    // docs/browsers.md. The id is permanent once the add-on is listed on addons.mozilla.org.
    browser_specific_settings: {
      gecko: {
        id: 'lga-guide-clipper@local.gov.uk',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: '142.0' },
    },
    commands: {
      'clip-focused-post': {
        suggested_key: { default: 'Alt+Shift+G' },
        description: '__MSG_commandClipFocused__',
      },
    },
  },
  hooks: {
    // Content scripts run on X's page, so their size counts: they get the browser's own `browser`
    // (Firefox) or `chrome` (Chromium's MV3, whose APIs return promises) instead of the polyfill,
    // which the background and pages keep. They only send messages, open a port and read storage.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = config.resolve?.alias ?? [];
      const list = Array.isArray(alias) ? alias : Object.entries(alias).map(([find, replacement]) => ({ find, replacement }));
      // The first alias that matches wins: this one comes before the polyfill module's.
      config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/browser$/, replacement: NATIVE_BROWSER }, ...list] };
    },
    'build:manifestGenerated': (wxt, manifest) => {
      // Chromium warns of keys it does not know; only Firefox reads browser_specific_settings.
      if (wxt.config.browser !== 'firefox') delete manifest.browser_specific_settings;
      else delete manifest.minimum_chrome_version;
      // Manifest V2 (Firefox) has no optional_host_permissions: its optional origins go in optional_permissions.
      if (manifest.manifest_version === 2 && manifest.optional_host_permissions) {
        manifest.optional_permissions = [...(manifest.optional_permissions ?? []), ...manifest.optional_host_permissions];
        delete manifest.optional_host_permissions;
      }
      // The toolbar button's icon, from the same PNGs as manifest.icons (public/icon/, scripts/icons.mjs).
      for (const action of [manifest.action, manifest.browser_action]) { // MV2 (Firefox): browser_action
        if (action) action.default_icon = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png' };
      }
    },
  },
  // The sources zip that Firefox's review rebuilds from (scripts/check-sources-zip.mjs checks it does).
  zip: {
    // WXT leaves out node_modules, .output, dot files and *.test.* files; also leave out what .gitignore
    // does (local output) and the screenshots, which the build does not read.
    excludeSources: ['docs/screenshots/**', 'demo-output/**', 'test-results/**', 'tmp/**', 'coverage/**', 'stats.html', '**/*.log', '**/*.cpuprofile', '*.zip'],
  },
  vite: () => ({
    plugins: [preact()],
    build: {
      // The CSS as written for the browsers the extension supports: older targets would rewrite the
      // content script's light-dark() into variables that only our own color-scheme rules set, and X's
      // page sets its colour scheme itself (docs/browsers.md).
      cssTarget: ['chrome123', 'edge123', 'firefox140'],
      rollupOptions: {
        // Chromium silently refuses an extension whose content script holds a raw U+FFFF
        // (Dexie's code has some). Escaping every non-ASCII character means no dependency can.
        output: { charset: 'ascii' },
      },
    },
  }),
});
