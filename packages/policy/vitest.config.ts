// Property and corpus tests are CPU-bound: on a busy 2-core CI machine they need more than 5 s.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
