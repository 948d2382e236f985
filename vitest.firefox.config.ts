import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Firefox tests: the Firefox build (.output/firefox-mv2) in Debian's firefox-esr, driven by
// puppeteer-core over WebDriver BiDi. `npm run test:firefox` builds first. One file at a time:
// each starts a browser.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'node',
    include: ['tests/firefox/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    retry: 0,
  },
});
