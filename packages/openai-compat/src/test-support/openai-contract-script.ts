// Shared by the contract tests of @org/llm-openai-http and @org/llm-openai.
import { fault, openai, type ContractScenario, type FakeScript } from '@org/llm-testkit';

/** The fake-server script that makes an OpenAI adapter answer a contract scenario. */
export function openAIContractScript(scenario: ContractScenario): FakeScript {
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
