import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One package of the install-size report. */
export interface InstallSizeEntry {
  /** `ours` for a publishable package, `sdk` for a vendor SDK an adapter wraps, `peer` for zod. */
  readonly kind: 'ours' | 'sdk' | 'peer';
  readonly name: string;
  readonly version: string;
  /** Bytes of the `.tgz` (ours only). */
  readonly tarballBytes?: number | undefined;
  /** Bytes of the package's own files once installed. */
  readonly ownBytes: number;
  /** Bytes with its dependencies, followed transitively; peer dependencies left out. */
  readonly withDependenciesBytes: number;
  /** The dependencies counted in `withDependenciesBytes`, as `name@version`. */
  readonly dependencies: readonly string[];
}

/** What `npx -y pnpm@12 --filter @org/llm-pack-check sizes` measured. */
export interface InstallSizeReport {
  /** ISO date of the measurement. */
  readonly date: string;
  /** Node and npm versions that installed the tarballs. */
  readonly node: string;
  readonly npm: string;
  readonly entries: readonly InstallSizeEntry[];
}

/** Where the report is kept (committed; docs/benchmarks.md renders it). */
export const installSizeReportPath = fileURLToPath(
  new URL('../results/install-sizes.json', import.meta.url),
);

/** The committed report, or `undefined` before the first measurement. */
export function readInstallSizeReport(
  path: string = installSizeReportPath,
): InstallSizeReport | undefined {
  return existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as InstallSizeReport)
    : undefined;
}

/** Writes the report as formatted JSON. */
export function writeInstallSizeReport(
  report: InstallSizeReport,
  path: string = installSizeReportPath,
): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** `1234567` → `1.2 MB`, `73400` → `72 KB` (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

const roles: Record<InstallSizeEntry['kind'], string> = {
  ours: '',
  sdk: ' (vendor SDK)',
  peer: ' (peer dependency, installed once by the app)',
};

/** The "Installed size" section of docs/benchmarks.md, from `report`. */
export function renderInstallSizeSection(report: InstallSizeReport): string {
  const rows = report.entries.map((entry) =>
    [
      `\`${entry.name}@${entry.version}\`${roles[entry.kind]}`,
      entry.tarballBytes === undefined ? '' : formatBytes(entry.tarballBytes),
      formatBytes(entry.ownBytes),
      formatBytes(entry.withDependenciesBytes),
      entry.dependencies.length === 0
        ? 'none'
        : entry.dependencies.map((id) => id.slice(0, id.lastIndexOf('@'))).join(', '),
    ].join(' | '),
  );
  return [
    '## Installed size',
    '',
    "What `npm install` adds to an application's `node_modules` for each package, installed from",
    'its tarball into a fresh project, next to the SDKs two of the adapters wrap. **Installed** is',
    "the package's own files (JavaScript, declarations, source maps and the TypeScript sources they",
    'point to); **with its dependencies** adds everything it depends on, transitively (the `@org`',
    'packages included), but not `zod`, the peer dependency every package shares.',
    '',
    `Measured on ${report.date.slice(0, 10)} with npm ${report.npm} on Node ${report.node} by`,
    '`npx -y pnpm@12 --filter @org/llm-pack-check sizes`, which rewrites this section; the install',
    'test of `pnpm test` fails when a package grows or shrinks by more than 30% from these figures.',
    '',
    '| package | tarball | installed | with its dependencies | dependencies counted |',
    '| --- | --: | --: | --: | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}
