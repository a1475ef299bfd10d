import { afterAll, afterEach, beforeAll } from 'vitest';
import { describeOpenAIModels } from '../../openai-compat/src/test-support/describe-openai-models.ts';
import { createOpenAIHttp } from './index.ts';
import { createWireHarness, type WireHarness } from './test-support/wire-harness.ts';

// Model ids, limits, prices, warnings and strict mode (the suite is shared
// with @org/llm-openai).
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

describeOpenAIModels({ harness: () => harness, create: createOpenAIHttp });
