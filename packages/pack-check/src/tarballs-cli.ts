// `npx -y pnpm@12 tarballs`: one tarball per publishable package in
// tarballs/, for installing the packages with npm before they are on the
// registry (docs/getting-started.md, "Install").
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packTarballs } from './pack-tarballs.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dest = join(root, 'tarballs');
const packed = packTarballs(root, dest);
for (const tarball of packed) {
  const kb = (tarball.size / 1024).toFixed(0).padStart(5);
  console.log(`${kb} KB  ${relative(root, tarball.file)}  ${tarball.name}@${tarball.version}`);
}
console.log(
  `\n${String(packed.length)} tarballs in ${relative(process.cwd(), dest) || '.'}/. From a project next to this clone (named llm):\n  npm install ../llm/tarballs/org-llm-core.tgz zod\n(install a package's tarball with those of the @org packages it depends on; see docs/getting-started.md).`,
);
