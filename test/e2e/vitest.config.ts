/** `npm run test:e2e`: the real-editor test alone, one file at a time, with room for start-up. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    env: { PARLEY_E2E_RUN: '1' },
    // Bundle dist/ once, as the main run does; the test packages the VSIX from it.
    globalSetup: ['test/setup/build.ts'],
  },
});
