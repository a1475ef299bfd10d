// `npx -y pnpm@12 --filter @org/llm-pack-check sizes`: packs every publishable
// package, installs all the tarballs with npm into a fresh project, measures
// what each package (and each SDK an adapter wraps) adds to node_modules,
// writes results/install-sizes.json and regenerates docs/benchmarks.md from it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFreshProject } from './fresh-project.ts';
import { installSizeReportPath, writeInstallSizeReport } from './install-size-report.ts';
import { tarballsFromProject } from './install-lines.ts';
import { measureInstallSizes, sharedPeers } from './measure-install-sizes.ts';
import { describeOutcome } from './newcomer-env.ts';
import { packTarballs } from './pack-tarballs.ts';
import { tarballFileName } from './workspace-packages.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const packed = packTarballs(root, join(root, 'tarballs'));
using project = createFreshProject(root);
const install = project.run(
  [
    'npm install',
    ...packed.map((tarball) => `${tarballsFromProject}/${tarballFileName(tarball.name)}`),
    ...sharedPeers,
  ].join(' '),
);
if (install.status !== 0) throw new Error(describeOutcome(install));
const npm = project.run('npm --version').stdout.trim();
const report = measureInstallSizes(project.dir, packed, { node: process.versions.node, npm });
writeInstallSizeReport(report);
console.log(`wrote ${installSizeReportPath}`);
const docs = spawnSync(
  'pnpm',
  ['bench', '--', '--from=packages/bench/results/latest.json', '--write-docs'],
  { cwd: root, stdio: 'inherit' },
);
process.exitCode = docs.status ?? 1;
