import { defineConfig } from 'vitest/config';

// Unit and property tests live next to the code they test. The E2E stress specs (e2e/*.spec.ts) are
// Playwright's, never vitest's.
export default defineConfig({
  test: {
    include: ['engines/**/*.test.ts', 'harness/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'reports/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
