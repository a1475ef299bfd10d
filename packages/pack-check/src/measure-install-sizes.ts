import type { InstallSizeEntry, InstallSizeReport } from './install-size-report.ts';
import { installedSize } from './installed-size.ts';
import type { PackedTarball } from './pack-tarballs.ts';

/** The SDKs the report compares with: what `@org/llm-openai` and `@org/llm-anthropic` wrap. */
export const comparedSdks = ['openai', '@anthropic-ai/sdk'] as const;

/** The peer dependency every package shares. */
export const sharedPeers = ['zod'] as const;

/** Measures every tarball's package, the SDKs and zod as installed in `projectDir`. */
export function measureInstallSizes(
  projectDir: string,
  packed: readonly PackedTarball[],
  versions: { readonly node: string; readonly npm: string },
): InstallSizeReport {
  const entry = (
    kind: InstallSizeEntry['kind'],
    name: string,
    tarballBytes?: number,
  ): InstallSizeEntry => {
    const size = installedSize(projectDir, name);
    return {
      kind,
      name,
      version: size.version,
      tarballBytes,
      ownBytes: size.own,
      withDependenciesBytes: size.withDependencies,
      dependencies: size.dependencies,
    };
  };
  return {
    date: new Date().toISOString(),
    node: versions.node,
    npm: versions.npm,
    entries: [
      ...packed.map((tarball) => entry('ours', tarball.name, tarball.size)),
      ...comparedSdks.map((name) => entry('sdk', name)),
      ...sharedPeers.map((name) => entry('peer', name)),
    ],
  };
}
