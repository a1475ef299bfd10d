import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zodImporters } from './test-support/zod-importers.ts';

const scenario = (name: string): string =>
  fileURLToPath(new URL(`./test-support/zod-free/${name}`, import.meta.url));

// A fresh Node process per case: seconds on a loaded machine.
describe('zod on the cold-start path of @org/llm-core', { timeout: 60_000 }, () => {
  it('is not loaded to check a valid request, read a stream or define a tool', async () => {
    expect(await zodImporters(scenario('valid-request.ts'))).toEqual([]);
  });

  it('is loaded, from the schemas, only for a request the hand-written check does not accept', async () => {
    expect(await zodImporters(scenario('invalid-request.ts'))).toEqual(
      expect.arrayContaining(['packages/core/src/spec/chat-request.ts']),
    );
  });
});
