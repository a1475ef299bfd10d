// docs/guides/writing-an-adapter.md, "An OpenAI-compatible API".
import {
  createFakeProviderServer,
  fault,
  openai,
  type ContractScenario,
  type FakeScript,
} from '@org/llm-testkit';
import { describeChatModelContract } from '@org/llm-testkit/vitest';
import { createAcme } from './acme-adapter.ts';

const server = await createFakeProviderServer();

/** What the fake server answers for each scenario the suite asks for. */
function answer(scenario: ContractScenario): FakeScript {
  const usage =
    scenario.type === 'stall'
      ? undefined
      : { promptTokens: scenario.usage.inputTokens, completionTokens: scenario.usage.outputTokens };
  switch (scenario.type) {
    case 'text':
      return openai.text(scenario.chunks.join(''), { chunks: scenario.chunks, usage });
    case 'tool-calls':
      return openai.toolCalls(
        scenario.calls.map((call) => ({
          id: call.toolCallId,
          name: call.toolName,
          arguments: call.input,
        })),
        { usage },
      );
    case 'stall':
      // The role chunk and the scenario's chunks, then silence until the client aborts.
      return openai.text(`${scenario.chunks.join('')} (never sent)`, {
        chunks: [...scenario.chunks, ' (never sent)'],
        fault: fault.stall(60_000, { afterChunks: 1 + scenario.chunks.length }),
      });
  }
}

describeChatModelContract({
  name: 'acme',
  createModel: (scenario) => {
    // A handler rather than the queue: some cases build a model and never call it.
    server.handle(() => answer(scenario));
    return createAcme({ baseURL: server.openaiBaseURL, apiKey: 'acme-test-key' })('acme-large');
  },
  capabilities: { tools: true, parallelToolCalls: true },
  teardown: () => server.close(),
});
