import { afterAll, afterEach, beforeAll } from 'vitest';
import { describeOpenAICutToolCalls } from '../../openai-compat/src/test-support/describe-openai-cut-tool-calls.ts';
import { createWireHarness, variants, type WireHarness } from './test-support/wire-harness.ts';

// Tool calls cut by the output limit, with the SDK client built both ways
// (the suite is shared with @org/llm-openai-http; @org/llm-anthropic applies
// the same rule).
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

describeOpenAICutToolCalls({ harness: () => harness, variants });
