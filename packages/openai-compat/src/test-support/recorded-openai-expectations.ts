// Expectations for replaying OpenAI recordings, computed from the recorded
// bytes by a deliberately naive reading, independent of the adapters: what
// text, tool calls, usage and finish reason the neutral result must hold.
// Shared by the replay tests of @org/llm-openai-http and @org/llm-openai.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LlmError, ResponseValidationError, type ChatResult } from '@org/llm-core';
import { loadRecordedExchanges, type RecordedExchange } from '@org/llm-testkit';
import { expect } from 'vitest';

/** What replaying one recorded exchange must give. */
export interface Expected {
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

/** Computes what a recorded exchange must give, from its bytes. */
export function expectationOf(exchange: RecordedExchange): Expected {
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

/** One recorded exchange to replay. */
export interface ReplayCase {
  /** The path, and the exchange's index when the recording holds several. */
  readonly label: string;
  /** Path under `fixtures/openai`. */
  readonly path: string;
  /** Index of the exchange in the recording. */
  readonly exchange: number;
  /** What the replay must give. */
  readonly expected: Expected;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Every exchange of every recording under `<peers>/fixtures/openai`, sorted by
 * path, with what it must give; `files` lists the recordings.
 */
export function recordedOpenAICases(peers: string): {
  readonly files: readonly string[];
  readonly cases: readonly ReplayCase[];
} {
  const root = join(peers, 'fixtures', 'openai');
  const files = listFiles(root)
    .map((file) => relative(root, file))
    .sort();
  const cases = files.flatMap((path) =>
    loadRecordedExchanges(`openai/${path}`).map((exchange, index, all) => ({
      label: all.length > 1 ? `${path} #${index}` : path,
      path,
      exchange: index,
      expected: expectationOf(exchange),
    })),
  );
  return { files, cases };
}

/**
 * Checks the neutral result (or the error) of replaying an exchange against
 * what the recording holds.
 */
export function expectReplayResult(actual: ChatResult | LlmError, expected: Expected): void {
  if (expected.otherEndpoint !== undefined) {
    // Recorded against another endpoint: not a chat completion, so the adapter must say so.
    if (!ResponseValidationError.isInstance(actual))
      throw new Error(`expected a ResponseValidationError for ${expected.otherEndpoint}`);
    expect(actual.message).toContain('choices');
  } else if (expected.status >= 400) {
    if (!LlmError.isInstance(actual))
      throw new Error(`expected an error for HTTP ${expected.status}`);
    expect(actual.status).toBe(expected.status);
    if (expected.errorMessage !== undefined)
      expect(actual.responseBody).toContain(expected.errorMessage.slice(0, 40));
  } else {
    if (LlmError.isInstance(actual)) throw actual;
    const result = actual;
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
}
