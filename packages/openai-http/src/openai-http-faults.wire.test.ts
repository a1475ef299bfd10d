import { afterAll, afterEach, beforeAll } from 'vitest';
import { describeOpenAIFaults } from '../../openai-compat/src/test-support/describe-openai-faults.ts';
import { createWireHarness, transports, type WireHarness } from './test-support/wire-harness.ts';

// The shared fault table and abort cases over both transports (the suite is
// shared with @org/llm-openai).
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

describeOpenAIFaults({ harness: () => harness, variants: transports });
