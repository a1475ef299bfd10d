import { definePackageProject } from '../../vitest.shared.ts';

export default definePackageProject({
  name: 'memory',
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/test-support/global-setup.ts'],
    // Store tests start real servers (global setup) and worker processes; give them room on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
