import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LlmError, ResponseValidationError, type ChatResult } from '@org/llm-core';
import {
  loadRecordedExchanges,
  openai,
  peersDirStatus,
  type RecordedExchange,
} from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireHarness, transports, type WireHarness } from './test-support/wire-harness.ts';

// Replays every OpenAI recording in <peers>/fixtures/openai (every exchange of
// every cassette) through the fake server and checks that the neutral result
// holds what the recording holds. Expectations are computed here from the
// recorded bytes by a deliberately naive reading, independent of the adapter.

const peers = peersDirStatus();
if (!peers.found) {
  console.warn(
    `Recorded-response replay skipped: ${peers.reason}. Set LLM_PEERS_DIR to the peers folder to run it.`,
  );
}

interface Expected {
  /** The recording is of another endpoint (the Responses API): the adapter must reject its body. */
  readonly otherEndpoint: string | undefined;
  readonly streamed: boolean;
  readonly status: number;
  readonly text: string;
  readonly refusal: string;
  readonly toolCalls: readonly {
    readonly id: string;
    readonly name: string;
    readonly input: unknown;
  }[];
  readonly usage: {
    readonly input?: number;
    readonly output?: number;
    readonly cached?: number;
    readonly reasoning?: number;
  };
  readonly finishReason: string | undefined;
  readonly errorMessage: string | undefined;
}

type Json = Record<string, unknown>;
const asJson = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const count = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function usageOf(usage: unknown): Expected['usage'] {
  const record = asJson(usage);
  return {
    input: count(record?.prompt_tokens),
    output: count(record?.completion_tokens),
    cached: count(asJson(record?.prompt_tokens_details)?.cached_tokens),
    reasoning: count(asJson(record?.completion_tokens_details)?.reasoning_tokens),
  };
}

/** What a recorded SSE body holds: the data lines' JSON, choice 0 only. */
type Content = Omit<Expected, 'otherEndpoint' | 'streamed' | 'status' | 'errorMessage'>;

function expectFromStream(body: string): Content {
  let text = '';
  let refusal = '';
  let usage: unknown;
  let finishReason: string | undefined;
  const calls: { id: string; name: string; args: string }[] = [];
  const byIndex = new Map<number, { id: string; name: string; args: string }>();
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(line.startsWith('data: ') ? 6 : 5);
    if (data === '[DONE]') break;
    const chunk = JSON.parse(data) as Json;
    if (asJson(chunk.usage) !== undefined) usage = chunk.usage;
    for (const choice of (chunk.choices as Json[] | undefined) ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = asJson(choice.delta) ?? {};
      if (typeof delta.content === 'string') text += delta.content;
      if (typeof delta.refusal === 'string') refusal += delta.refusal;
      for (const [position, call] of ((delta.tool_calls as Json[] | undefined) ?? []).entries()) {
        const fn = asJson(call.function) ?? {};
        const index = typeof call.index === 'number' ? call.index : position;
        let entry = byIndex.get(index);
        if (entry === undefined) {
          entry = {
            id: typeof call.id === 'string' ? call.id : '',
            name: String(fn.name),
            args: '',
          };
          byIndex.set(index, entry);
          calls.push(entry);
        }
        if (typeof fn.arguments === 'string') entry.args += fn.arguments;
      }
      if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
    }
  }
  return {
    text,
    refusal,
    toolCalls: calls.map((call) => ({
      id: call.id,
      name: call.name,
      input: parseArguments(call.args),
    })),
    usage: usageOf(usage),
    finishReason,
  };
}

/** What a recorded JSON body holds. */
function expectFromJson(body: string): Content {
  const response = JSON.parse(body) as Json;
  const choice =
    ((response.choices as Json[] | undefined) ?? []).find((entry) => (entry.index ?? 0) === 0) ??
    {};
  const message = asJson(choice.message) ?? {};
  const calls = (message.tool_calls as Json[] | null | undefined) ?? [];
  return {
    text: typeof message.content === 'string' ? message.content : '',
    refusal: typeof message.refusal === 'string' ? message.refusal : '',
    toolCalls: calls.map((call) => {
      const fn = asJson(call.function) ?? {};
      return {
        id: String(call.id),
        name: String(fn.name),
        input: parseArguments(typeof fn.arguments === 'string' ? fn.arguments : ''),
      };
    }),
    usage: usageOf(response.usage),
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
  };
}

const noContent: Content = {
  text: '',
  refusal: '',
  toolCalls: [],
  usage: {},
  finishReason: undefined,
};

function expectationOf(exchange: RecordedExchange): Expected {
  const { status, headers, body } = exchange.response;
  const streamed = (headers['content-type'] ?? '').includes('text/event-stream');
  const url = exchange.request?.url;
  if (url !== undefined && !new URL(url).pathname.endsWith('/chat/completions')) {
    return {
      otherEndpoint: new URL(url).pathname,
      streamed,
      status,
      errorMessage: undefined,
      ...noContent,
    };
  }
  if (status >= 400) {
    const error = asJson(asJson(JSON.parse(body))?.error);
    return {
      otherEndpoint: undefined,
      streamed,
      status,
      errorMessage: typeof error?.message === 'string' ? error.message : undefined,
      ...noContent,
    };
  }
  return {
    otherEndpoint: undefined,
    streamed,
    status,
    errorMessage: undefined,
    ...(streamed ? expectFromStream(body) : expectFromJson(body)),
  };
}

interface ReplayCase {
  readonly label: string;
  readonly path: string;
  readonly exchange: number;
  readonly expected: Expected;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const root = peers.found ? join(peers.dir, 'fixtures', 'openai') : undefined;
const files =
  root === undefined
    ? []
    : listFiles(root)
        .map((file) => relative(root, file))
        .sort();
const cases: ReplayCase[] = files.flatMap((path) =>
  loadRecordedExchanges(`openai/${path}`).map((exchange, index, all) => ({
    label: all.length > 1 ? `${path} #${index}` : path,
    path,
    exchange: index,
    expected: expectationOf(exchange),
  })),
);

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

async function replay(
  path: string,
  exchange: number,
  expected: Expected,
  options: (typeof transports)[number]['options'],
): Promise<ChatResult | LlmError> {
  harness.server.enqueue(openai.fixture(path, { exchange }));
  const model = harness.provider(options)('gpt-4o-mini');
  const request = { messages: [{ role: 'user' as const, content: 'Replay the recording.' }] };
  try {
    return expected.streamed
      ? await (await model.stream(request)).final()
      : await model.generate(request);
  } catch (error) {
    if (LlmError.isInstance(error)) return error;
    throw error;
  }
}

describe.skipIf(!peers.found)('replay of every OpenAI recording', () => {
  it('covers every file of the MANIFEST (33 OpenAI recordings)', () => {
    expect(files).toHaveLength(33);
    expect(cases.length).toBeGreaterThan(files.length);
  });

  it.each(cases)('$label', async ({ path, exchange, expected }) => {
    const results: (ChatResult | LlmError)[] = [];
    for (const transport of transports)
      results.push(await replay(path, exchange, expected, transport.options));
    const [first] = results;
    if (expected.otherEndpoint !== undefined) {
      // Recorded against another endpoint: not a chat completion, so the adapter must say so.
      if (!ResponseValidationError.isInstance(first))
        throw new Error(`expected a ResponseValidationError for ${expected.otherEndpoint}`);
      expect(first.message).toContain('choices');
    } else if (expected.status >= 400) {
      if (!LlmError.isInstance(first))
        throw new Error(`expected an error for HTTP ${expected.status}`);
      expect(first.status).toBe(expected.status);
      if (expected.errorMessage !== undefined)
        expect(first.responseBody).toContain(expected.errorMessage.slice(0, 40));
    } else {
      if (LlmError.isInstance(first)) throw first;
      const result = first!;
      expect(result.text).toBe(expected.text);
      expect(
        result.toolCalls.map((call) => ({
          id: call.toolCallId,
          name: call.toolName,
          input: call.input,
        })),
      ).toEqual(expected.toolCalls);
      expect(result.usage).toMatchObject({
        inputTokens: expected.usage.input,
        outputTokens: expected.usage.output,
        cacheReadTokens: expected.usage.cached,
        reasoningTokens: expected.usage.reasoning,
      });
      expect(result.finishReason.raw).toBe(expected.finishReason);
      if (expected.refusal !== '') {
        expect(result.finishReason.unified).toBe('content-filter');
        expect(result.providerMetadata?.openai?.refusal).toBe(expected.refusal);
      }
    }
    // Both transports give the same neutral result.
    const comparable = (value: ChatResult | LlmError) =>
      LlmError.isInstance(value)
        ? { name: value.name, status: value.status, message: value.message }
        : { ...value, response: { ...value.response, headers: undefined } };
    expect(comparable(results[1]!)).toEqual(comparable(first!));
  });
});
