// A conversation moves between providers: begun on OpenAI (with a tool call
// and reasoning), continued on Claude, then back on OpenAI, through one
// core `Conversation`. The assertions pin the exact request bodies each
// provider received; the rules are documented in docs/concepts/portability.md.
import { Conversation, tool, type ChatWarning } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { anthropic, openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toAnthropicToolCallId } from './anthropic-tool-call-ids.ts';
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

const weather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: city === 'Paris' ? 'sunny' : 'cloudy' }),
});
const system = 'You are a terse weather assistant.';
/** An id as some OpenAI-compatible servers make them; Anthropic does not accept ':' or '.'. */
const openAICallId = 'functions.get_weather:0';
const claudeCallId = 'toolu_01Oslo';

function models() {
  const gpt = createOpenAIHttp({
    baseURL: harness.server.openaiBaseURL,
    apiKey: 'sk-test-portability-0000',
  })('deepseek-reasoner');
  const claude = harness.provider()('claude-haiku-4-5');
  return { gpt, claude };
}

/** Turn 1 on OpenAI (reasoning, then a tool call, then the answer); turn 2 on Claude (thinking, tool call, answer). */
async function openAIThenClaude() {
  const { gpt, claude } = models();
  const chat = new Conversation({ model: gpt, system, tools: [weather] });
  harness.server.enqueue(
    // A compatible reasoning server: reasoning_content beside the tool call.
    openai.raw({
      body: JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_764_000_000,
        model: 'deepseek-reasoner',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              reasoning_content: 'The user wants the weather; call the tool.',
              tool_calls: [
                {
                  id: openAICallId,
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
                },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
      }),
    }),
    openai.text('Sunny in Paris.'),
    anthropic.thinking(
      { thinking: 'Oslo now; call the tool again.', signature: 'EqoBCkgIBxAC' },
      { toolUse: [{ id: claudeCallId, name: 'get_weather', input: { city: 'Oslo' } }] },
    ),
    anthropic.text('Cloudy in Oslo.'),
  );
  await chat.send('Weather in Paris?');
  chat.model = claude;
  const second = await chat.send('And in Oslo?');
  return { chat, gpt, claude, second };
}

function bodies(endpoint: 'openai-chat' | 'anthropic-messages'): Record<string, unknown>[] {
  return harness.server.requests
    .filter((request) => request.endpoint === endpoint)
    .map((request) => request.body as Record<string, unknown>);
}

const droppedReasoning = (warnings: readonly ChatWarning[]) =>
  warnings.filter((warning) => warning.type === 'other' && warning.message.includes('reasoning'));

describe('a conversation that moves between providers', () => {
  it('continues on Claude: system hoisted, foreign reasoning dropped with a warning, ids normalised, results after their calls', async () => {
    const { second } = await openAIThenClaude();
    expect(second.text).toBe('Cloudy in Oslo.');
    const wireId = toAnthropicToolCallId(openAICallId);
    expect(wireId).toMatch(/^functions_get_weather_0_[a-z0-9]+$/);

    const historyOnClaude = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      // The OpenAI reasoning is not sent: Claude takes back only its own signed thinking.
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: wireId, name: 'get_weather', input: { city: 'Paris' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: wireId, content: '{"city":"Paris","sky":"sunny"}' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Sunny in Paris.' }] },
      { role: 'user', content: [{ type: 'text', text: 'And in Oslo?' }] },
    ];
    const common = {
      model: 'claude-haiku-4-5',
      max_tokens: 64_000,
      system,
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          input_schema: weather.inputSchema,
        },
      ],
      stream: false,
    };
    const [first, last] = bodies('anthropic-messages');
    expect(first).toEqual({ ...common, messages: historyOnClaude });
    expect(last).toEqual({
      ...common,
      messages: [
        ...historyOnClaude,
        {
          role: 'assistant',
          content: [
            // Claude's own thinking goes back unchanged, with its signature.
            {
              type: 'thinking',
              thinking: 'Oslo now; call the tool again.',
              signature: 'EqoBCkgIBxAC',
            },
            { type: 'tool_use', id: claudeCallId, name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: claudeCallId,
              content: '{"city":"Oslo","sky":"cloudy"}',
            },
          ],
        },
      ],
    });
    expect(droppedReasoning(second.warnings)).toEqual([
      {
        type: 'other',
        message: expect.stringContaining('from another provider (messages[1].content[0])'),
      },
    ]);
  });

  it("goes back to OpenAI: the caller's ids are kept, Claude's thinking is dropped with a warning, system first", async () => {
    const { chat, gpt } = await openAIThenClaude();
    const openAIBefore = bodies('openai-chat').length;
    harness.server.enqueue(openai.text('Paris is sunnier.'));
    chat.model = gpt;
    const third = await chat.send('Which is sunnier?');
    expect(third.text).toBe('Paris is sunnier.');

    const body = bodies('openai-chat')[openAIBefore]!;
    expect(body.messages).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        // The id the OpenAI side produced comes back unchanged: normalisation happened only on Claude's wire.
        tool_calls: [
          {
            id: openAICallId,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: openAICallId, content: '{"city":"Paris","sky":"sunny"}' },
      { role: 'assistant', content: 'Sunny in Paris.' },
      { role: 'user', content: 'And in Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: claudeCallId,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: claudeCallId, content: '{"city":"Oslo","sky":"cloudy"}' },
      { role: 'assistant', content: 'Cloudy in Oslo.' },
      { role: 'user', content: 'Which is sunnier?' },
    ]);
    expect(body.model).toBe('deepseek-reasoner');
    expect(droppedReasoning(third.warnings)).toHaveLength(1);

    // The stored history keeps every part as produced, reasoning included, for the next provider.
    const history = await chat.messages();
    const reasoning = history.flatMap((message) =>
      message.role === 'assistant' && Array.isArray(message.content)
        ? message.content.filter((part) => part.type === 'reasoning')
        : [],
    );
    expect(reasoning).toEqual([
      { type: 'reasoning', text: 'The user wants the weather; call the tool.', provider: 'openai' },
      {
        type: 'reasoning',
        text: 'Oslo now; call the tool again.',
        signature: 'EqoBCkgIBxAC',
        provider: 'anthropic',
      },
    ]);
  });
});
