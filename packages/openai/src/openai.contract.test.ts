import { describeChatModelContract } from '@org/llm-testkit/vitest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openAIContractScript } from '../../openai-compat/src/test-support/openai-contract-script.ts';
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

for (const { name, options } of variants) {
  describeChatModelContract({
    name: `@org/llm-openai with ${name}`,
    // A handler, not the queue: some contract tests build a model and never
    // call it, and a queued script would then answer the next test.
    createModel: (scenario) => {
      const script = openAIContractScript(scenario);
      harness.server.handle(() => script);
      return harness.provider(options)('gpt-4o-mini');
    },
    capabilities: { tools: true, parallelToolCalls: true },
  });
}
