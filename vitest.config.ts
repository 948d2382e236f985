import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

// Unit and component tests. WxtVitest() brings WXT's aliases, auto-imports and fakeBrowser,
// but not the Vite plugins of wxt.config.ts, so Preact's is added here too.
export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    include: ['utils/**/*.test.ts', 'components/**/*.test.tsx', 'entrypoints/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/team/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    restoreMocks: true,
    // A guard against a hung test, not a speed check: the real-markup tests parse whole saved X
    // pages, which takes seconds on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
