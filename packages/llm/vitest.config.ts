import { definePackageProject } from '../../vitest.shared.ts';

const project = definePackageProject({ name: 'llm' });

// The AWS SDK's packages list a 'module' build (extensionless ESM imports,
// for bundlers) before their 'node' one: resolve them as Node does, or
// @aws-sdk/client-kms does not load in the tests.
const conditions = ['@org/source', 'node', 'development|production'];

export default {
  ...project,
  resolve: { ...project.resolve, conditions },
  ssr: { ...project.ssr, resolve: { ...project.ssr?.resolve, conditions } },
};
