// The CLI's tests run the built CLI and bash as child processes; on a busy 2-core CI machine a
// process start alone can take seconds, so the 5 s default is no bound for them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
