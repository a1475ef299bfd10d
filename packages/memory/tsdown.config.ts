import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node22',
  dts: true,
  sourcemap: true,
  fixedExtension: false,
  // The stores read their SQL and Lua files at run time, by their path from
  // src/read-asset.ts (bundled into dist/ at the same depth): copy them with
  // the same layout. check-dist-assets.js checks that none is missing.
  copy: [{ from: ['src/**/*.sql', 'src/**/*.lua'], to: 'dist', flatten: false }],
});
