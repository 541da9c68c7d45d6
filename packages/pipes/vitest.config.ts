// The GNU parity matrix runs the real grep, head, tail and wc: give each test the time of that wait.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
