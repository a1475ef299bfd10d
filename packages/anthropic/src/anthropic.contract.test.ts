import { anthropic, fault, type ContractScenario, type FakeScript } from '@org/llm-testkit';
import { describeChatModelContract } from '@org/llm-testkit/vitest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createWireHarness, type WireHarness } from './test-support/wire-harness.ts';

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

/** The fake-server script that makes Anthropic answer a contract scenario. */
function scriptFor(scenario: ContractScenario): FakeScript {
  switch (scenario.type) {
    case 'text':
      return anthropic.text(scenario.chunks.join(''), {
        chunks: scenario.chunks,
        usage: {
          inputTokens: scenario.usage.inputTokens,
          outputTokens: scenario.usage.outputTokens,
        },
      });
    case 'tool-calls':
      return anthropic.toolUse(
        scenario.calls.map((call) => ({
          id: call.toolCallId,
          name: call.toolName,
          input: call.input,
        })),
        {
          usage: {
            inputTokens: scenario.usage.inputTokens,
            outputTokens: scenario.usage.outputTokens,
          },
        },
      );
    case 'stall': {
      // message_start, content_block_start, ping, the scenario's chunks, then silence until the client aborts.
      const rest = ' (never sent)';
      return anthropic.text(scenario.chunks.join('') + rest, {
        chunks: [...scenario.chunks, rest],
        fault: fault.stall(60_000, { afterChunks: 3 + scenario.chunks.length }),
      });
    }
    default:
      scenario satisfies never;
      throw new Error('unknown scenario');
  }
}

describeChatModelContract({
  name: '@org/llm-anthropic',
  // A handler, not the queue: some contract tests build a model and never
  // call it, and a queued script would then answer the next test.
  createModel: (scenario) => {
    const script = scriptFor(scenario);
    harness.server.handle(() => script);
    return harness.provider()('claude-haiku-4-5');
  },
  capabilities: { tools: true, parallelToolCalls: true },
});
