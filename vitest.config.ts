import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    coverage: {
      provider: 'v8',
      include: ['**/packages/*/src/**/*.ts'],
      exclude: [
        '**/*.test.ts',
        '**/*.test-d.ts',
        '**/index.ts',
        '**/*.bench.ts',
        '**/test-support/**',
        '**/examples/**',
      ],
      reporter: ['text-summary', 'text'],
      thresholds: {
        '**/packages/core/src/**': { lines: 90 },
      },
    },
  },
});
