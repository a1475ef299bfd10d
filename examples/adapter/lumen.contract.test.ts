// docs/guides/writing-an-adapter.md, "The contract suite".
import type { ContractScenario } from '@org/llm-testkit';
import { describeChatModelContract } from '@org/llm-testkit/vitest';
import { createLumen } from './create-lumen.ts';
import type { LumenEvent } from './lumen-api.ts';
import { startFakeLumenServer, type FakeLumenAnswer } from './fake-lumen-server.ts';

const server = await startFakeLumenServer();

/** What Lumen answers for each scenario the suite asks for, as JSON or as a stream. */
function answer(scenario: ContractScenario, stream: boolean): FakeLumenAnswer {
  if (scenario.type === 'tool-calls') throw new Error('Lumen has no tools: the suite skips them.');
  const deltas: LumenEvent[] = scenario.chunks.map((text) => ({ type: 'delta', text }));
  if (scenario.type === 'stall') {
    // The scenario's text, then silence until the client aborts.
    return { events: [{ type: 'start', id: 'gen-1' }, ...deltas], then: 'stall' };
  }
  const usage = {
    input_tokens: scenario.usage.inputTokens,
    output_tokens: scenario.usage.outputTokens,
  };
  if (!stream) {
    return {
      status: 200,
      json: { id: 'gen-1', output: { text: scenario.chunks.join('') }, stop_reason: 'end', usage },
    };
  }
  return {
    events: [{ type: 'start', id: 'gen-1' }, ...deltas, { type: 'end', stop_reason: 'end', usage }],
  };
}

describeChatModelContract({
  name: 'lumen',
  createModel: (scenario) => {
    server.answer((request) => answer(scenario, request.body.stream));
    return createLumen({ baseURL: server.url, apiKey: 'lumen-test-key' })('lumen-large');
  },
  // Lumen has no tools: the suite skips the tool cases and says so.
  capabilities: { tools: false },
  teardown: () => server.close(),
});
