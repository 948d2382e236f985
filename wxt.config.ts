import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

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
    permissions: ['storage', 'contextMenus'],
    // X's media CDN, asked for only when the user ticks "Include images" in an export.
    optional_host_permissions: ['https://pbs.twimg.com/*', 'https://video.twimg.com/*'],
    action: { default_title: '__MSG_extName__' },
    commands: {
      'clip-focused-post': {
        suggested_key: { default: 'Alt+Shift+G' },
        description: '__MSG_commandClipFocused__',
      },
    },
  },
  vite: () => ({
    plugins: [preact()],
    build: {
      rollupOptions: {
        // Chromium silently refuses an extension whose content script holds a raw U+FFFF
        // (Dexie's code has some). Escaping every non-ASCII character means no dependency can.
        output: { charset: 'ascii' },
      },
    },
  }),
});
