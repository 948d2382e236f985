import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

// Unit and component tests. WxtVitest() brings WXT's aliases, auto-imports and fakeBrowser,
// but not the Vite plugins of wxt.config.ts, so Preact's is added here too.
export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    include: ['utils/**/*.test.ts', 'components/**/*.test.tsx', 'entrypoints/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    restoreMocks: true,
    // The machines that run this are shared: under load a heavy test (all of X's saved GraphQL posts)
    // takes longer than Vitest's 5 s default. A limit, not a timed assertion.
    testTimeout: 30_000,
  },
});
