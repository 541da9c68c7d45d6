// The API in process on the memory store: tests wait on command deadlines of seconds and page
// through large outputs; on a busy 2-core CI machine the 5 s default is no bound for either.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
