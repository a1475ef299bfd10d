import { definePackageProject } from '../../vitest.shared.ts';

export default definePackageProject({
  name: 'cli',
  test: {
    // The tests run the built `llm` binary (dist/cli.js) as a user runs it.
    globalSetup: ['./test/support/build-cli.ts'],
    // Each test starts Node processes; on a loaded 2-core machine one can take seconds.
    testTimeout: 120_000,
  },
});
