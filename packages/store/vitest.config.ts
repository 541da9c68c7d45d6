// Store suites wait on a real redis-server (spawned per file) and on waits of up to 30 s that
// end on an event; on a busy 2-core CI machine the 5 s default is no bound for either.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
