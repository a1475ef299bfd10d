import { definePackageProject } from '../../vitest.shared.ts';

export default definePackageProject({
  name: 'resilience',
  // The wire soak (test/wire-soak) calls gc() to check that nothing outlives a call.
  test: { execArgv: ['--expose-gc'] },
});
