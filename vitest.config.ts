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
        // The benchmark harness is proven by running it (`pnpm bench`), not by the
        // unit tests of its statistics; counting it would understate the libraries'.
        '**/packages/bench/**',
        // Entry points that only re-export (index.ts is excluded above).
        '**/packages/core/src/adapter-kit.ts',
      ],
      reporter: ['text-summary', 'text'],
      thresholds: {
        '**/packages/core/src/**': { lines: 90 },
      },
    },
  },
});
