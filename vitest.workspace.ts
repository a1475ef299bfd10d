/**
 * The list of Vitest test projects, one per workspace package that has tests.
 *
 * Vitest 4 and later no longer read workspace files on their own: the root
 * `vitest.config.ts` imports this list and passes it to `test.projects`
 * (see docs/decisions/0002-vitest-projects.md).
 */
export const projects: string[] = ['packages/*/vitest.config.ts', 'examples/vitest.config.ts'];
