// The key proof of issue 3: a user can switch @org/llm-openai-http for
// @org/llm-openai and see the same results, errors and stream parts. Every
// scenario below (answers, compatible servers' quirks, every fault of the
// shared table, every recorded response) runs through both adapters against
// the same fake server, and the test asserts the two outcomes are equal: the
// neutral result, every stream part, and the error's class and fields, as
// well as the request bodies sent. The only differences allowed are listed
// per scenario with the reason, and the test checks that they really differ,
// so the list cannot go stale.
import {
  LlmError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamPart,
} from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { peersDirStatus } from '@org/llm-test-support';
import { eventually, fakeWireClock } from '@org/llm-test-support/wire-clock';
import { fault, openai, type FakeScript } from '@org/llm-testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { faultCases } from '../../openai-compat/src/test-support/openai-fault-cases.ts';
import { recordedOpenAICases } from '../../openai-compat/src/test-support/recorded-openai-expectations.ts';
import {
  createWireHarness,
  invalidBodies,
  testApiKey,
  type WireHarness,
} from './test-support/wire-harness.ts';

type Call = 'generate' | 'stream';

/** A field of the outcome that may differ between the adapters, and why. */
interface Difference {
  /** Dotted path into the outcome, e.g. `error.message`. */
  readonly path: string;
  readonly why: string;
}

interface Scenario {
  readonly name: string;
  readonly script: () => FakeScript;
  readonly calls: readonly Call[];
  readonly request?: ChatRequest | undefined;
  readonly modelId?: string | undefined;
  /**
   * The adapters' timeoutMs. The scenario then runs on a faked clock, moved
   * by exactly this much once the server waits on it and the stream has
   * `textBeforeStall` (default none).
   */
  readonly timeoutMs?: number | undefined;
  readonly textBeforeStall?: string | undefined;
  readonly differences?: readonly Difference[] | undefined;
}

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const both: readonly Call[] = ['generate', 'stream'];

/** A request that uses every field, so the bodies prove the SDK sends ours unchanged. */
const everyField: ChatRequest = {
  system: 'Be brief.',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this image?' },
        {
          type: 'image',
          url: 'https://example.com/a.png',
          providerOptions: { openai: { imageDetail: 'high' } },
        },
        { type: 'image', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        {
          type: 'tool-call',
          toolCallId: 'call_1',
          toolName: 'get_weather',
          input: { city: 'Paris' },
        },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'call_1',
          toolName: 'get_weather',
          output: { celsius: 21 },
        },
      ],
    },
    { role: 'user', content: 'Thanks.' },
  ],
  tools: [weatherTool],
  toolChoice: { type: 'tool', toolName: 'get_weather' },
  parallelToolCalls: false,
  responseFormat: { type: 'json-schema', schema: { type: 'object' }, name: 'answer' },
  maxOutputTokens: 200,
  temperature: 0.3,
  topP: 0.8,
  stop: ['END', 'STOP', 'A', 'B', 'C'],
  seed: 42,
  reasoning: { budgetTokens: 100 },
  providerOptions: { openai: { user: 'u-1', service_tier: 'auto', store: false } },
};

/** A stream from a compatible server: Azure's empty first chunk, reasoning text, OpenRouter's repeated tool ids. */
function quirkyStream(): FakeScript {
  const chunk = (choice: Record<string, unknown> | undefined, extra = {}) =>
    `data: ${JSON.stringify({
      id: 'gen-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'deepseek-r1',
      choices: choice === undefined ? [] : [{ index: 0, ...choice }],
      ...extra,
    })}\n\n`;
  const call = (args: string) => ({
    delta: {
      tool_calls: [
        { index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: args } },
      ],
    },
  });
  return openai.raw({
    headers: { 'content-type': 'text/event-stream' },
    chunks: [
      `data: ${JSON.stringify({ id: '', model: '', choices: [], prompt_filter_results: [] })}\n\n`,
      chunk({ delta: { role: 'assistant', reasoning_content: 'Thinking' } }),
      chunk({ delta: { reasoning: ' harder' } }),
      chunk({ delta: { content: 'Answer' } }),
      chunk(call('{"a":')),
      chunk(call('1}')),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
      chunk(undefined, {
        usage: {
          prompt_tokens: 7,
          completion_tokens: 5,
          prompt_tokens_details: { cached_tokens: 2 },
          completion_tokens_details: { reasoning_tokens: 3 },
        },
      }),
      'data: [DONE]\n\n',
    ],
  });
}

const transportMessage: Difference = {
  path: 'error.message',
  why: "the socket error's text comes from undici's request in one adapter and from fetch inside the SDK in the other",
};

const scenarios: readonly Scenario[] = [
  {
    name: 'text with cached and reasoning tokens',
    script: () =>
      openai.text('Hello, world!', {
        chunks: ['Hello', ', world!'],
        usage: { promptTokens: 12, completionTokens: 4, cachedTokens: 3, reasoningTokens: 1 },
      }),
    calls: both,
  },
  {
    name: 'a request with every field',
    script: () => openai.text('{"ok":true}'),
    calls: both,
    request: everyField,
  },
  {
    name: 'parallel tool calls after text',
    script: () =>
      openai.toolCalls(
        [
          { id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_oslo', name: 'get_weather', arguments: { city: 'Oslo' } },
        ],
        { text: 'Checking both.' },
      ),
    calls: both,
    request: { ...hello, tools: [weatherTool], parallelToolCalls: true },
  },
  {
    name: 'a refusal',
    script: () => openai.refusal("I'm sorry, I can't help with that."),
    calls: both,
  },
  {
    name: 'a JSON Schema answer',
    script: () => openai.jsonObject({ city: 'Paris', celsius: 21 }),
    calls: both,
    request: {
      ...hello,
      responseFormat: {
        type: 'json-schema',
        schema: z.toJSONSchema(z.object({ city: z.string(), celsius: z.number() })),
      },
    },
  },
  {
    name: 'finish reason length',
    script: () => openai.text('Cut', { finishReason: 'length' }),
    calls: both,
  },
  {
    name: 'finish reason content_filter',
    script: () => openai.text('', { finishReason: 'content_filter' }),
    calls: both,
  },
  {
    name: "a compatible server's quirks (Azure, DeepSeek, OpenRouter)",
    script: quirkyStream,
    calls: ['stream'],
    modelId: 'deepseek-r1',
  },
  {
    name: '[DONE] without any finish_reason (OpenRouter)',
    script: () =>
      openai.raw({
        headers: { 'content-type': 'text/event-stream' },
        chunks: [
          `data: ${JSON.stringify({ id: 'gen-2', model: 'kimi', choices: [{ index: 0, delta: { content: 'ok' } }] })}\n\n`,
          'data: [DONE]\n\n',
        ],
      }),
    calls: ['stream'],
  },
  {
    name: 'a JSON body answering a stream request',
    script: () =>
      openai.raw({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'chatcmpl-json',
          model: 'local',
          choices: [{ index: 0, message: { content: 'Not streamed' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 2 },
        }),
      }),
    calls: ['stream'],
  },
  {
    name: 'a body that is not JSON, sent as text',
    script: () =>
      openai.raw({ headers: { 'content-type': 'text/plain' }, body: 'upstream says no' }),
    calls: ['generate'],
  },
  {
    name: 'a body that is not JSON, sent as JSON',
    script: () => openai.raw({ body: '{"id": ' }),
    calls: ['generate'],
  },
  {
    name: 'an HTTP error with a body that is not an OpenAI envelope',
    script: () =>
      openai.raw({
        status: 422,
        headers: { 'content-type': 'application/json' },
        body: '{"detail": "max_tokens must be positive"}',
      }),
    calls: both,
  },
  {
    name: 'an HTML error page from a proxy',
    script: () =>
      openai.raw({
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><body>Bad gateway</body></html>',
      }),
    calls: both,
  },
  {
    name: 'no answer within timeoutMs',
    script: () => openai.text('late', { fault: fault.slowFirstByte(5000) }),
    calls: both,
    timeoutMs: 100,
  },
  {
    name: 'a stream that goes silent after content for longer than timeoutMs',
    script: () =>
      openai.text('one two three', {
        chunks: ['one', ' two', ' three'],
        fault: fault.stall(5000, { afterChunks: 2 }),
      }),
    calls: ['stream'],
    timeoutMs: 200,
    textBeforeStall: 'one',
  },
  ...faultCases.map((row): Scenario => ({
    name: `fault: ${row.name}`,
    script: row.script,
    calls: row.calls,
    differences: row.name === 'connection reset before headers' ? [transportMessage] : undefined,
  })),
];

const peers = peersDirStatus();
if (!peers.found) {
  console.warn(
    `Equivalence over recorded responses skipped: ${peers.reason}. Set LLM_PEERS_DIR to the peers folder to run it.`,
  );
}
const recordings: readonly Scenario[] = peers.found
  ? recordedOpenAICases(peers.dir).cases.map((replay) => ({
      name: `recording: ${replay.label}`,
      script: () => openai.fixture(replay.path, { exchange: replay.exchange }),
      calls: [replay.expected.streamed ? 'stream' : 'generate'],
    }))
  : [];

/** The comparable fields of an error: its JSON form, the subclass fields, and its cause when it is ours. */
function comparableError(error: unknown): unknown {
  if (!LlmError.isInstance(error)) return { notAnLlmError: String(error) };
  const fields = error as unknown as Record<string, unknown>;
  return {
    ...error.toJSON(),
    responseBody: error.responseBody,
    kind: fields.kind,
    phase: fields.phase,
    timeoutMs: fields.timeoutMs,
    partial: fields.partial,
    cause: LlmError.isInstance(error.cause) ? comparableError(error.cause) : undefined,
  };
}

/** Response headers without `date`, which differs between any two responses. */
function withoutDate(headers: Readonly<Record<string, string>> | undefined): unknown {
  if (headers === undefined) return undefined;
  const { date: _date, ...rest } = headers;
  return rest;
}

function comparableResult(result: ChatResult): unknown {
  return {
    ...result,
    response: { ...result.response, headers: withoutDate(result.response.headers) },
  };
}

function comparablePart(part: ChatStreamPart): unknown {
  return part.type === 'response-metadata' ? { ...part, headers: withoutDate(part.headers) } : part;
}

/** Everything a user can observe of one call; `progress.text` follows a stream's text as it arrives. */
async function outcomeOf(
  model: ChatModel,
  call: Call,
  request: ChatRequest,
  progress: { text: string },
): Promise<unknown> {
  if (call === 'generate') {
    try {
      return { result: comparableResult(await model.generate(request)) };
    } catch (error) {
      return { error: comparableError(error) };
    }
  }
  let stream;
  try {
    stream = await model.stream(request);
  } catch (error) {
    return { streamCallRejected: true, error: comparableError(error) };
  }
  const parts: unknown[] = [];
  try {
    for await (const part of stream) {
      parts.push(comparablePart(part));
      if (part.type === 'text-delta') progress.text += part.delta;
    }
  } catch (error) {
    return { parts, error: comparableError(error) };
  }
  return { parts, final: comparableResult(await stream.final()) };
}

function get(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) => (current as Record<string, unknown> | undefined)?.[key],
      value,
    );
}

function remove(value: unknown, path: string): void {
  const keys = path.split('.');
  const parent = get(value, keys.slice(0, -1).join('.')) as Record<string, unknown> | undefined;
  if (parent !== undefined) Reflect.deleteProperty(parent, keys.at(-1)!);
}

let harness: WireHarness;
beforeAll(async () => {
  // A fixed clock: `created` fields and rate-limit headers are the same in both runs.
  harness = await createWireHarness({ now: () => 1_795_000_000_000 });
});
afterAll(async () => {
  await harness.close();
});

/** Runs a scenario through one adapter on a fresh server state; returns its outcome and the bodies it sent. */
async function runThrough(
  model: ChatModel,
  scenario: Scenario,
  call: Call,
): Promise<{ outcome: unknown; bodies: unknown[] }> {
  harness.server.reset();
  harness.server.enqueue(scenario.script());
  const progress = { text: '' };
  const running = outcomeOf(model, call, scenario.request ?? hello, progress);
  if (scenario.timeoutMs !== undefined) {
    const before = call === 'stream' ? (scenario.textBeforeStall ?? '') : '';
    await eventually(
      () => harness.server.paused > 0 && progress.text === before,
      `the server to wait, the stream having ${JSON.stringify(before)}`,
    );
    await vi.advanceTimersByTimeAsync(scenario.timeoutMs);
  }
  const outcome = await running;
  const bodies = harness.server.requests.map((request) => request.body);
  expect(invalidBodies(harness.server.requests)).toEqual([]);
  return { outcome, bodies };
}

describe('@org/llm-openai-http and @org/llm-openai give the same outcomes', () => {
  const rows = [...scenarios, ...recordings].flatMap((scenario) =>
    scenario.calls.map((call) => ({ scenario, call, label: `${scenario.name} (${call})` })),
  );

  it('covers the answers, every fault of the shared table and every recording', () => {
    expect(scenarios.length).toBeGreaterThan(faultCases.length + 15);
    if (peers.found) expect(recordings.length).toBeGreaterThan(33);
  });

  it.each(rows)('$label', async ({ scenario, call }) => {
    // A deadline races nothing on a faked clock: it expires when the test moves the clock.
    using _clock = scenario.timeoutMs === undefined ? undefined : fakeWireClock();
    const modelId = scenario.modelId ?? 'gpt-4o-mini';
    const timeoutMs = scenario.timeoutMs;
    const httpModel = createOpenAIHttp({
      baseURL: harness.server.openaiBaseURL,
      apiKey: testApiKey,
      timeoutMs,
    })(modelId);
    const sdkModel = harness.provider({ timeoutMs })(modelId);

    const http = await runThrough(httpModel, scenario, call);
    const sdkLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const sdk = await runThrough(sdkModel, scenario, call);
    // Both adapters read the event stream themselves: the SDK never logs a malformed line.
    expect(sdkLog).not.toHaveBeenCalled();
    sdkLog.mockRestore();

    expect(sdk.bodies).toEqual(http.bodies);
    for (const difference of scenario.differences ?? []) {
      expect(get(sdk.outcome, difference.path), difference.why).not.toEqual(
        get(http.outcome, difference.path),
      );
      remove(sdk.outcome, difference.path);
      remove(http.outcome, difference.path);
    }
    expect(sdk.outcome).toEqual(http.outcome);
  });
});
