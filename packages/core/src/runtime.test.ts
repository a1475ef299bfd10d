import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on Node 22 or later (the machine Node 20 must not leak into test runs)', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(
      major,
      `tests ran on Node ${process.versions.node}; run them through pnpm so node_modules/.bin/node (Node 24) is used`,
    ).toBeGreaterThanOrEqual(22);
  });
});
