// Most suites run the real kubectl (a Go binary) or the built CLI against kube-sim: give each
// test the time of those waits on a busy 2-core CI machine, not the 5 s default.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
