import { definePackageProject } from '../vitest.shared.ts';

export default definePackageProject({
  name: 'examples',
  test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**'] },
});
