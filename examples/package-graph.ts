// The package graph of docs/architecture/packages.md, generated from the
// package.json files so that it cannot go stale: `npx -y pnpm@12 docs:graph`
// rewrites the page's generated section, and package-graph.test.ts fails when
// the page differs from what the package.json files say.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspacePackages } from '@org/llm-pack-check';
import { format, resolveConfig } from 'prettier';

/** One workspace package as the page shows it. */
export interface PackageNode {
  /** Its name, `@org/llm-core`. */
  readonly name: string;
  /** Its folder from the repository root, `packages/core`. */
  readonly folder: string;
  /** The package.json `description`. */
  readonly description: string;
  /** Not `"private": true`: packed, installed by the install test, and meant for the registry. */
  readonly published: boolean;
  /** Workspace packages it needs at run time (`dependencies`). */
  readonly uses: readonly string[];
  /** Workspace packages the user installs beside it (`peerDependencies`). */
  readonly peers: readonly string[];
  /** Workspace packages it needs only for its tests, examples or tools (`devDependencies`). */
  readonly devUses: readonly string[];
  /** Other packages it installs (`dependencies`). */
  readonly external: readonly string[];
  /** Other packages the user installs beside it (`peerDependencies`, "optional" marked). */
  readonly externalPeers: readonly string[];
}

interface Manifest {
  readonly description?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** Every workspace package of the repository at `root`, sorted by name. */
export function readPackages(root: string): PackageNode[] {
  const packages = workspacePackages(root);
  const names = new Set(packages.map((entry) => entry.name));
  return packages.map(({ name, dir, manifest: { private: isPrivate } }) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    const keys = (record: Readonly<Record<string, unknown>> | undefined): string[] =>
      Object.keys(record ?? {}).sort();
    const peerNames = keys(manifest.peerDependencies);
    return {
      name,
      folder: relative(root, dir),
      description: manifest.description ?? '',
      published: isPrivate !== true,
      uses: keys(manifest.dependencies).filter((dep) => names.has(dep)),
      peers: peerNames.filter((dep) => names.has(dep)),
      devUses: keys(manifest.devDependencies).filter((dep) => names.has(dep)),
      external: keys(manifest.dependencies).filter((dep) => !names.has(dep)),
      externalPeers: peerNames
        .filter((dep) => !names.has(dep))
        .map((dep) =>
          manifest.peerDependenciesMeta?.[dep]?.optional === true ? `${dep} (optional)` : dep,
        ),
    };
  });
}

/**
 * Each package's layer: 0 for a package that uses no other, else one more
 * than the highest layer it uses. Throws on a dependency cycle, naming it.
 */
export function layers(packages: readonly PackageNode[]): Map<string, number> {
  const byName = new Map(packages.map((entry) => [entry.name, entry]));
  const layer = new Map<string, number>();
  const visiting: string[] = [];
  const visit = (name: string): number => {
    const known = layer.get(name);
    if (known !== undefined) return known;
    if (visiting.includes(name)) {
      throw new Error(
        `Dependency cycle: ${[...visiting.slice(visiting.indexOf(name)), name].join(' -> ')}`,
      );
    }
    visiting.push(name);
    const entry = byName.get(name)!;
    const below = [...entry.uses, ...entry.peers].map(visit);
    visiting.pop();
    const value = below.length === 0 ? 0 : Math.max(...below) + 1;
    layer.set(name, value);
    return value;
  };
  for (const entry of packages) visit(entry.name);
  return layer;
}

/** The packages from the bottom layer (core) up, by name within a layer. */
function bottomUp(packages: readonly PackageNode[]): PackageNode[] {
  const layer = layers(packages);
  return [...packages].sort(
    (a, b) => layer.get(a.name)! - layer.get(b.name)! || a.name.localeCompare(b.name),
  );
}

/** A Mermaid node id for a package name. */
const nodeId = (name: string): string => name.replace(/^@org\//, '').replace(/[^\w]/g, '_');

/** Names as code, with an " (optional)" mark kept outside the code. */
const list = (names: readonly string[]): string =>
  names.map((name) => name.replace(/^(\S+)/, '`$1`')).join(', ');

/** A package name as a link to its folder, from docs/architecture/. */
const packageLink = (entry: PackageNode): string => `[\`${entry.name}\`](../../${entry.folder}/)`;

/**
 * The direct dependencies `deps` of `entry` that no other of its dependencies
 * leads to already: the graph leaves those arrows out (the tables keep them).
 */
function withoutImplied(
  entry: PackageNode,
  deps: readonly string[],
  packages: readonly PackageNode[],
): string[] {
  const byName = new Map(packages.map((node) => [node.name, node]));
  const reachable = (from: string, seen = new Set<string>()): Set<string> => {
    const node = byName.get(from);
    for (const next of [...(node?.uses ?? []), ...(node?.peers ?? [])]) {
      if (!seen.has(next)) {
        seen.add(next);
        reachable(next, seen);
      }
    }
    return seen;
  };
  const direct = [...entry.uses, ...entry.peers];
  return deps.filter((dep) => !direct.some((other) => other !== dep && reachable(other).has(dep)));
}

/** Escapes what would end a Markdown table cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * The generated section of the page: a Mermaid graph of the published
 * packages (an arrow points from a package to one it uses; dotted for a peer
 * dependency), then a table of the published packages and one of the internal
 * ones, each from the bottom layer up.
 */
export function renderPackageGraph(packages: readonly PackageNode[]): string {
  const ordered = bottomUp(packages);
  const published = ordered.filter((entry) => entry.published);
  const internal = ordered.filter((entry) => !entry.published);
  const graph = [
    '```mermaid',
    'flowchart TD',
    ...[...published].reverse().map((entry) => {
      const label =
        entry.external.length === 0 ? entry.name : `${entry.name}<br/>${entry.external.join(', ')}`;
      return `  ${nodeId(entry.name)}["${label}"]`;
    }),
    ...[...published]
      .reverse()
      .flatMap((entry) => [
        ...withoutImplied(entry, entry.uses, published).map(
          (dep) => `  ${nodeId(entry.name)} --> ${nodeId(dep)}`,
        ),
        ...withoutImplied(entry, entry.peers, published).map(
          (dep) => `  ${nodeId(entry.name)} -.-> ${nodeId(dep)}`,
        ),
      ]),
    '```',
  ];
  const publishedTable = [
    '| package | what it is for | uses | also installs | peer dependencies |',
    '| --- | --- | --- | --- | --- |',
    ...published.map(
      (entry) =>
        `| ${packageLink(entry)} | ${cell(entry.description)} | ${list([...entry.uses, ...entry.peers])} | ${list(entry.external)} | ${list(entry.externalPeers)} |`,
    ),
  ];
  const internalTable = [
    '| package | what it is for | uses (tests and tools included) |',
    '| --- | --- | --- |',
    ...internal.map(
      (entry) =>
        `| ${packageLink(entry)} | ${cell(entry.description)} | ${list([...new Set([...entry.uses, ...entry.peers, ...entry.devUses])].sort())} |`,
    ),
  ];
  return [
    ...graph,
    '',
    `Published (${String(published.length)}), from the bottom up:`,
    '',
    ...publishedTable,
    '',
    `Internal, never published (${String(internal.length)}):`,
    '',
    ...internalTable,
  ].join('\n');
}

/** The page the graph lives on, from the repository root. */
export const packageGraphPage = 'docs/architecture/packages.md';

const startMarker =
  '<!-- Generated from the package.json files by `npx -y pnpm@12 docs:graph`; do not edit by hand. -->';
const endMarker = '<!-- End of the generated section. -->';

/**
 * The page with its generated section replaced by `section`, formatted as
 * Prettier formats it (so `prettier --check` and this stay in agreement).
 */
export async function withGeneratedSection(
  page: string,
  section: string,
  pagePath: string,
): Promise<string> {
  const start = page.indexOf(startMarker);
  const end = page.indexOf(endMarker);
  if (start === -1 || end < start) {
    throw new Error(`${pagePath} must hold the lines ${startMarker} and ${endMarker}, in order.`);
  }
  const text = `${page.slice(0, start + startMarker.length)}\n\n${section}\n\n${page.slice(end)}`;
  const options = (await resolveConfig(pagePath)) ?? {};
  return format(text, { ...options, filepath: pagePath });
}

/** The page as the package.json files of the repository at `root` say it should read. */
export async function expectedPackageGraphPage(root: string): Promise<string> {
  const path = join(root, packageGraphPage);
  return withGeneratedSection(
    readFileSync(path, 'utf8'),
    renderPackageGraph(readPackages(root)),
    path,
  );
}

// `node examples/package-graph.ts` (the docs:graph script) rewrites the page.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  writeFileSync(join(root, packageGraphPage), await expectedPackageGraphPage(root));
  console.log(`Wrote ${packageGraphPage}.`);
}
