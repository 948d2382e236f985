import { defineContentScript } from 'wxt/utils/define-content-script';
import { MAIN_WORLD_DEFAULT_TAGS, installXDataReader } from '@/utils/x/data/main-world';

/**
 * The reader of X's own GraphQL responses, in X's page (the main world) from before X's code runs, so
 * it wraps `fetch` and `XMLHttpRequest` first. It keeps tagged posts for the isolated content script,
 * which asks for one on a press (docs/x-data.md). Plain code with no extension API: the main world has
 * none, and X's page can see everything here.
 */

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    try {
      installXDataReader(window, { tags: MAIN_WORLD_DEFAULT_TAGS });
    } catch {
      // X's page carries on without the reader; clips keep the DOM snapshot.
    }
  },
});
