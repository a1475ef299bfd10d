// Run by `test:build` after the build: every SQL and Lua file under src/ must
// be in dist/ at the same path, where the bundled stores read them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';

const assets = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return assets(path);
    return /\.(sql|lua)$/.test(name) ? [path] : [];
  });

const missing = assets('src')
  .map((path) => relative('src', path))
  .filter((path) => !existsSync(join('dist', path)));
if (missing.length > 0) {
  process.stderr.write(`dist/ lacks files the stores read at run time: ${missing.join(', ')}\n`);
  process.exit(1);
}
