// Repository-internal: packing the publishable packages and proving the
// tarballs install outside the workspace (private package, never published).

export type { DocCommand } from './doc-commands.ts';
export { docCommands } from './doc-commands.ts';
export type { FreshProject } from './fresh-project.ts';
export { createFreshProject } from './fresh-project.ts';
export type { InstallLine } from './install-lines.ts';
export { installLineProblems, readInstallLine, tarballsFromProject } from './install-lines.ts';
export type { InstallSizeEntry, InstallSizeReport } from './install-size-report.ts';
export {
  formatBytes,
  installSizeReportPath,
  readInstallSizeReport,
  renderInstallSizeSection,
  writeInstallSizeReport,
} from './install-size-report.ts';
export type { CommandOutcome } from './newcomer-env.ts';
export { describeOutcome, newcomerEnv, runShellLine, withToolsNode } from './newcomer-env.ts';
export type { PackedTarball } from './pack-tarballs.ts';
export { packTarballs, readTarballIndex } from './pack-tarballs.ts';
export type { PackageManifest, WorkspacePackage } from './workspace-packages.ts';
export {
  publishablePackages,
  tarballFileName,
  workspaceClosure,
  workspacePackages,
} from './workspace-packages.ts';
