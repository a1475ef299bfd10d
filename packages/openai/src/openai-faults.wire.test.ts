import { afterAll, afterEach, beforeAll } from 'vitest';
import { describeOpenAIFaults } from '../../openai-compat/src/test-support/describe-openai-faults.ts';
import { createWireHarness, variants, type WireHarness } from './test-support/wire-harness.ts';

let harness: WireHarness;
beforeAll(async () => {
  harness = await createWireHarness();
});
afterEach(() => {
  harness.checkAndReset();
});
afterAll(async () => {
  await harness.close();
});

// The shared fault table, abort cases and timeouts, with the SDK client built
// both ways (the suite is shared with @org/llm-openai-http).
describeOpenAIFaults({ harness: () => harness, variants });
