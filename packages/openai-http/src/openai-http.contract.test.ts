import { openai, fault, type ContractScenario, type FakeScript } from '@org/llm-testkit';
import { describeChatModelContract } from '@org/llm-testkit/vitest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createWireHarness, transports, type WireHarness } from './test-support/wire-harness.ts';

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

/** The fake-server script that makes the provider answer a contract scenario. */
function scriptFor(scenario: ContractScenario): FakeScript {
  switch (scenario.type) {
    case 'text':
      return openai.text(scenario.chunks.join(''), {
        chunks: scenario.chunks,
        usage: {
          promptTokens: scenario.usage.inputTokens,
          completionTokens: scenario.usage.outputTokens,
        },
      });
    case 'tool-calls':
      return openai.toolCalls(
        scenario.calls.map((call) => ({
          id: call.toolCallId,
          name: call.toolName,
          arguments: call.input,
        })),
        {
          usage: {
            promptTokens: scenario.usage.inputTokens,
            completionTokens: scenario.usage.outputTokens,
          },
        },
      );
    case 'stall': {
      // The role chunk, the scenario's chunks, then silence until the client aborts.
      const rest = ' (never sent)';
      return openai.text(scenario.chunks.join('') + rest, {
        chunks: [...scenario.chunks, rest],
        fault: fault.stall(60_000, { afterChunks: 1 + scenario.chunks.length }),
      });
    }
    default:
      scenario satisfies never;
      throw new Error('unknown scenario');
  }
}

for (const { name, options } of transports) {
  describeChatModelContract({
    name: `@org/llm-openai-http over ${name}`,
    // A handler, not the queue: some contract tests build a model and never
    // call it, and a queued script would then answer the next test.
    createModel: (scenario) => {
      const script = scriptFor(scenario);
      harness.server.handle(() => script);
      return harness.provider(options)('gpt-4o-mini');
    },
    capabilities: { tools: true, parallelToolCalls: true },
  });
}
