import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineProject, type ViteUserConfig } from 'vitest/config';
import { peersDirStatus } from './packages/test-support/src/peers-dir.ts';

/**
 * Export condition that points every workspace package at its TypeScript
 * sources, so tests never need a build of a sibling package first.
 */
const sourceCondition = '@org/source';

/** Turns warning notices off in tests (see the file). */
const setupFile = fileURLToPath(new URL('./vitest.setup.ts', import.meta.url));

/** Options of {@link definePackageProject}. */
export interface PackageProjectOptions {
  /** Project name shown in Vitest's output; use the package folder name. */
  readonly name: string;
  /** Extra Vitest options for this package. */
  readonly test?: NonNullable<ViteUserConfig['test']>;
}

/**
 * The recorded provider responses (`LLM_PEERS_DIR`, else `../shared/peers`
 * beside the clone), handed to every test as `LLM_PEERS_DIR`: the test kit
 * reads relative recording paths under `$LLM_PEERS_DIR/fixtures/` and has no
 * notion of this repository's layout.
 */
const peers = peersDirStatus();

/** The Vitest project config every package shares. */
export function definePackageProject(options: PackageProjectOptions): ViteUserConfig {
  return defineProject({
    resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
    test: {
      name: options.name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
        tsconfig: './tsconfig.json',
      },
      restoreMocks: true,
      unstubEnvs: true,
      // Guards against a hung test or hook, not speed checks (speed is what
      // `pnpm bench` measures). Vitest's defaults (5 s per test, 10 s per
      // hook) fail CPU-bound tests on a loaded CI machine: on 2 cores at load
      // 12-20 a test runs 5-10x slower than on an idle machine, and parsing
      // the OpenAI spec or a tokenizer's tables in a `beforeAll` took 10 s.
      // Time-dependent logic never relies on these: it uses fake timers or
      // events (docs/decisions/0009-tests-under-load.md).
      testTimeout: 30_000,
      hookTimeout: 60_000,
      env: peers.found ? { LLM_PEERS_DIR: peers.dir } : {},
      ...options.test,
      setupFiles: [setupFile, ...[options.test?.setupFiles ?? []].flat()],
    },
  });
}
