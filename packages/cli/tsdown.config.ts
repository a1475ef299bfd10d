import { defineConfig } from 'tsdown';

export default defineConfig({
  // cli.ts is the `llm` binary (its shebang is kept); index.ts the programmatic entry.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node22',
  dts: true,
  sourcemap: true,
  fixedExtension: false,
});
