// Runs every example's main() against MockChatModel and checks what it
// observed, so the code the docs quote keeps doing what the docs say.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main as chatModel } from './concepts/chat-model.ts';
import { main as conversations } from './concepts/conversations.ts';
import { main as errors } from './concepts/errors.ts';
import { main as messages } from './concepts/messages.ts';
import { main as middlewareAndRegistry } from './concepts/middleware-and-registry.ts';
import { main as streaming } from './concepts/streaming.ts';
import { main as structuredOutput } from './concepts/structured-output.ts';
import { main as tools } from './concepts/tools.ts';
import { main as warnings } from './concepts/warnings.ts';
import { main as gettingStarted } from './getting-started.ts';

const mains: Record<string, () => Promise<Record<string, unknown>>> = {
  'chat-model': chatModel,
  conversations,
  errors,
  messages,
  'middleware-and-registry': middlewareAndRegistry,
  streaming,
  'structured-output': structuredOutput,
  tools,
  warnings,
};

describe('examples', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every concept example (a new file must be added here)', () => {
    const files = readdirSync(new URL('./concepts/', import.meta.url))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => name.slice(0, -'.ts'.length))
      .sort();
    expect(files).toEqual(Object.keys(mains).sort());
  });

  it('warnings: a dropped setting on every result, to a logger once, refused in strict mode', async () => {
    expect(await warnings()).toEqual({
      dropped: ['temperature', 'temperature'],
      logged: ['LLM_UNSUPPORTED_SETTING anthropic:claude-sonnet-5-5 temperature'],
      strict: 'refused: temperature',
      // The strict call never reached the server.
      requests: 2,
    });
  });

  it('getting-started: generate, stream and a conversation', async () => {
    expect(await gettingStarted()).toEqual({
      ask: 'You said: "What is 2 + 2?"',
      logged: ['10 tokens in, 7 out'],
      finish: 'stop',
      streamed: 'You said: "Stream this"',
      historyLength: 4,
    });
  });

  it('chat-model: settings reach the model; the result, warnings and usage read back', async () => {
    expect(await chatModel()).toEqual({
      description: [
        'text: Prices rose. Wages did not.',
        'finish: stop (provider said stop)',
        'tokens: 812 in, 9 out',
        'tool calls: 0',
        'ignored: stop',
      ].join('\n'),
      sentSystem: 'You summarise articles in two sentences.',
      canDescribeImages: false,
      providerOptions: 'Hello.',
      total: {
        inputTokens: 912,
        outputTokens: 29,
        cacheReadTokens: 512,
        cacheWriteTokens: undefined,
        reasoningTokens: undefined,
      },
      totalTokens: 941,
    });
  });

  it('messages: every role round-trips; validation names each problem', async () => {
    const observed = await messages();
    expect(observed).toMatchObject({
      roles: ['system', 'user', 'assistant', 'tool', 'assistant'],
      last: { role: 'assistant', content: [{ type: 'text', text: 'It is 4 °C in Oslo.' }] },
      inlineImageValid: [],
      shapeProblems: [
        "messages[0].content[0].url: must be an https:, http: or data: URL; pass raw base64 as 'data' with a mediaType",
        'temperature: Too big: expected number to be <=2',
      ],
      pairingProblems: [
        "messages[1].content[0]: tool-result references unknown toolCallId 'call_9'; it must answer a tool-call of an earlier assistant message",
      ],
      reparsed: 5,
    });
  });

  it('streaming: commit point, interruption, abort, tee, single reader, own sources', async () => {
    expect(await streaming()).toEqual({
      streamText: 'Hello there!',
      streamParts: [
        'thinking: Look it up.',
        'text: Checking.',
        'call get_weather({"city":"Oslo"})',
        'finish: tool-calls, 2 tokens',
      ],
      streamToResult: 'Hi! (stop, 10 in)',
      showAndKeep: ['Two readers', 2],
      readTwice: 'stream-consumed',
      failBeforeContent: 'rate limited, retry in 2000 ms',
      failMidStream: 'The answer [cut off: connection]',
      answerIfWanted: ['Wanted.', 'not wanted'],
      stopEarly: 'Once upon a ',
      ndjson: [
        'stream-start',
        'response-metadata',
        'text-start',
        'text-delta',
        'text-delta',
        'text-end',
        'finish',
      ],
      emptyCommitted: false,
      emptyText: '',
      fromOwnParts: 'Hello from a local model.',
      replayCached: [
        'stream-start',
        'response-metadata',
        'text-start',
        'text-delta',
        'text-end',
        'finish',
      ],
      brokenSource:
        "Invalid stream from custom:buggy: 'text-delta' for text id 't1' that was never started (part #0). This is a bug in the adapter or the provider's stream.",
    });
  });

  it('errors: branching, classification, Retry-After and redaction', async () => {
    // A fixed clock (Date only), so HTTP dates and reset timestamps give exact waits.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2025-01-01T00:00:00Z') });
    const observed = await errors();
    expect(observed).toEqual({
      answers: [
        'This conversation is too long. Please start a new one.',
        'The service is out of credit.',
        'Busy. Try again in 1200 ms.',
        'Hello!',
      ],
      statuses: [429, 429, 400, 503, 503],
      classified: [
        {
          name: 'RateLimitError',
          status: 429,
          isRetryable: true,
          retryAfterMs: 2000,
          requestId: 'req_123',
          kind: 'throttled',
        },
        {
          name: 'RateLimitError',
          status: 429,
          isRetryable: false,
          retryAfterMs: undefined,
          requestId: undefined,
          kind: 'quota-exhausted',
        },
        {
          name: 'ContextLengthExceededError',
          status: 400,
          isRetryable: false,
          retryAfterMs: undefined,
          requestId: undefined,
          kind: undefined,
        },
        {
          name: 'OverloadedError',
          status: 529,
          isRetryable: false,
          retryAfterMs: undefined,
          requestId: undefined,
          kind: undefined,
        },
        {
          name: 'OverloadedError',
          status: undefined,
          isRetryable: true,
          retryAfterMs: undefined,
          requestId: undefined,
          kind: undefined,
        },
      ],
      firstMessage:
        "openai returned HTTP 429 (model 'gpt-6-luna'): Rate limit reached for requests. Rate limited: lower the request rate or retry later. The provider asks to wait 2.0s before retrying.",
      log: JSON.stringify({
        name: 'RateLimitError',
        code: 'rate-limit',
        message: observed.firstMessage,
        provider: 'openai',
        modelId: 'gpt-6-luna',
        status: 429,
        requestId: 'req_123',
        isRetryable: true,
        retryAfterMs: 2000,
      }),
      retryAfter: [1500, 10_000, 30_000, 360_000, 60_000, undefined, undefined],
      oddAnswers: [
        'openai returned HTTP 502: an HTML page titled "502 Bad Gateway". The provider failed; retrying may succeed.',
        'InvalidRequestError',
        'ServerError',
      ],
      redacted: [
        'Incorrect API key provided: [redacted].',
        'proxy echoed: Bearer [redacted]',
        'upstream said: key=[redacted]',
        '401 bad key [redacted]',
      ],
    });
  });

  it('structured-output: modes, the repair round, errors and partial objects', async () => {
    expect(await structuredOutput()).toEqual({
      repaired: {
        mode: 'json-schema',
        repairs: 1,
        object: { name: 'Omelette', minutes: 10, steps: ['Beat the eggs', 'Fry'] },
        inputTokens: 20,
        responseFormat: 'json-schema',
        repairPrompt:
          'That answer is not valid: minutes: Invalid input: expected number, received string; steps: Too small: expected array to have >=1 items. Reply with only the corrected JSON value.',
      },
      instructed: {
        mode: 'instruct',
        system:
          'Answer with a single JSON value that satisfies the JSON Schema below, and nothing else: no prose, no code fences.',
        name: 'Omelette',
      },
      suggested: { name: 'Omelette', minutes: 10, steps: ['Beat the eggs', 'Fry'] },
      failed: `unusable answer "No." (not valid JSON: no valid JSON value found (Unexpected token 'N', "No." is not valid JSON))`,
      partials: [
        { name: 'Fried' },
        { name: 'Fried rice', minutes: 15 },
        { name: 'Fried rice', minutes: 15, steps: ['Fry'] },
      ],
      streamed: { name: 'Fried rice', minutes: 15, steps: ['Fry'] },
    });
  });

  it('tools: parallel calls, error results, max steps, app-answered tools', async () => {
    expect(await tools()).toEqual({
      text: 'Rome is warmer: 18 °C against 4 °C in Oslo.',
      stopReason: 'final-answer',
      steps: 3,
      report: ['tool-calls: 2 tool results', 'tool-calls: 1 tool results', 'stop: 0 tool results'],
      firstResults: [
        { output: { city: 'Oslo', celsius: 4 }, isError: undefined },
        {
          output:
            "Invalid arguments for 'get_weather': city: Invalid input: expected string, received undefined. Call it again with corrected arguments.",
          isError: true,
        },
      ],
      roles: ['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant'],
      outputTokens: 13,
      capped: { stopReason: 'max-steps', steps: 2 },
      pending: ['refund_order {"orderId":17}'],
      manual: {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'get_weather',
            output: { city: 'Oslo', celsius: 4 },
          },
        ],
      },
    });
  });

  it('conversations: memory, settings, two writers without lost turns, streamed tool turns', async () => {
    expect(await conversations()).toEqual({
      answer: 'Your name is Ada.',
      sent: 3,
      settings: [0.2, 0],
      history: ['user', 'assistant', 'user', 'assistant'],
      twoWriters: { stored: 4, conflicts: 1 },
      lastThree: ['user', 'assistant', 'user'],
      storedAll: 6,
      budget: ['third'],
      streamed: 'Let me look. [look_up_order]Order 17 has shipped.',
      streamedHistory: ['user', 'assistant', 'tool', 'assistant'],
      interrupted: ['1 interrupted: The parcel left Paris ', '2 complete: It arrives on Friday.'],
      replayed: 1,
    });
  });

  it('middleware-and-registry: defaults, logging order, aliases and id errors', async () => {
    expect(await middlewareAndRegistry()).toEqual({
      temperatures: [0.2, 1, 0.2],
      lines: [
        'gpt-6-luna: 2 tokens out in N ms',
        'gpt-6-luna: 2 tokens out in N ms',
        'gpt-6-luna: first content after N ms',
      ],
      fast: 'openai:gpt-6-luna',
      sonnet: 'anthropic:claude-sonnet-5-5',
      sameInstance: true,
      providers: ['openai', 'anthropic'],
      fromConfig: [
        'anthropic:claude-haiku-4-5',
        "Unknown provider 'mistral' in model id 'mistral:large'. Registered providers: openai, anthropic; aliases: fast, smart.",
        "Unknown model 'claude-2' for provider 'anthropic'. Known models: claude-sonnet-5-5, claude-haiku-4-5.",
        "Model id 'gpt-6-sol' must look like 'provider:model', e.g. 'openai:model-name', or be an alias. Registered providers: openai, anthropic; aliases: fast, smart.",
      ],
    });
  });
});
