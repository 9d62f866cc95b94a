import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    // In CI every test is listed with its database in its name, so the log proves both ran.
    reporters: process.env['CI'] === 'true' ? ['verbose'] : ['default'],
  },
});
