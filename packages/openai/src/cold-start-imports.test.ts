import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zodImporters } from '../../core/src/test-support/zod-importers.ts';

// What an application loads for its first calls is the cold start: zod is
// loaded only for an answer or request the hand-written checks do not accept.
describe('zod on the first requests', () => {
  // A fresh Node process: seconds on a loaded machine.
  it('is not loaded to make a model, generate and stream', { timeout: 60_000 }, async () => {
    const scenario = fileURLToPath(
      new URL('./test-support/zod-free/first-requests.ts', import.meta.url),
    );
    expect(await zodImporters(scenario)).toEqual([]);
  });
});
