// Replays every recorded Anthropic response in <peers>/fixtures/anthropic
// (real api.anthropic.com traffic, plus the few files the MANIFEST marks
// synthetic or compatible-host) through the fake server, and checks that the
// neutral result holds what the recording holds. Expectations are computed
// from each recording by the small, independent reader below, never written
// by hand, so a new recording is covered as soon as it is added.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  AuthenticationError,
  ConnectionError,
  InvalidRequestError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
  StructuredOutputError,
  type ChatResult,
  type LlmError,
  type UnifiedFinishReason,
} from '@org/llm-core';
import { peersDirStatus } from '@org/llm-test-support';
import { anthropic, loadRecordedExchanges, type RecordedExchange } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireHarness, type WireHarness } from './test-support/wire-harness.ts';

const peers = peersDirStatus();

// ---------------------------------------------------------------------------
// The reference reader: what a recording says, in the neutral vocabulary.
// ---------------------------------------------------------------------------

interface RecordedBlock {
  type: string;
  text: string;
  json: string;
  input: unknown;
  id: string;
  name: string;
  signature: string;
  data: string;
}

interface RecordedAnswer {
  readonly id: string | undefined;
  readonly model: string | undefined;
  readonly blocks: RecordedBlock[];
  readonly stopReason: string | undefined;
  readonly usage: Record<string, unknown>;
  /** Stream only: an `error` event, and whether content had started before it. */
  readonly error: { readonly type: string; readonly afterContent: boolean } | undefined;
  /** Stream only: whether `message_stop` arrived. */
  readonly complete: boolean;
}

type Expected =
  | { readonly kind: 'result'; readonly answer: RecordedAnswer }
  | {
      readonly kind: 'error';
      readonly error: ErrorClass;
      readonly status?: number;
      readonly interrupted: boolean;
      readonly retryable?: boolean;
      readonly requestId?: string;
    };

interface ErrorClass {
  readonly errorName: string;
  isInstance(value: unknown): boolean;
}

/** Anthropic's error types, as its API reference lists them with their statuses. */
const errorClassByType: Readonly<Record<string, ErrorClass>> = {
  invalid_request_error: InvalidRequestError,
  authentication_error: AuthenticationError,
  permission_error: PermissionDeniedError,
  not_found_error: NotFoundError,
  request_too_large: InvalidRequestError,
  rate_limit_error: RateLimitError,
  api_error: ServerError,
  overloaded_error: OverloadedError,
};

/** The stop reasons of the Messages API and the neutral finish reason each one means. */
const unifiedByStopReason: Readonly<Record<string, UnifiedFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  pause_turn: 'other',
};

function newBlock(source: Record<string, unknown>): RecordedBlock {
  return {
    type: String(source.type),
    text: typeof source.text === 'string' ? source.text : '',
    json: '',
    input: source.input,
    id: typeof source.id === 'string' ? source.id : '',
    name: typeof source.name === 'string' ? source.name : '',
    signature: typeof source.signature === 'string' ? source.signature : '',
    data: typeof source.data === 'string' ? source.data : '',
  };
}

function readJsonAnswer(body: Record<string, unknown>): RecordedAnswer {
  const blocks = (body.content as Record<string, unknown>[]).map((source) => {
    const block = newBlock(source);
    if (block.type === 'thinking') block.text = String(source.thinking);
    return block;
  });
  return {
    id: body.id as string,
    model: body.model as string,
    blocks,
    stopReason: (body.stop_reason as string | null) ?? undefined,
    usage: body.usage as Record<string, unknown>,
    error: undefined,
    complete: true,
  };
}

/** Reads an SSE body: `data:` lines of each event, parsed as JSON (the `event:` line repeats `type`). */
function readStreamAnswer(text: string): RecordedAnswer {
  const events = text
    .split(/\r?\n\r?\n/)
    .map((raw) =>
      raw
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n'),
    )
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
  let id: string | undefined;
  let model: string | undefined;
  let stopReason: string | undefined;
  let usage: Record<string, unknown> = {};
  let error: RecordedAnswer['error'];
  let complete = false;
  const blocks: RecordedBlock[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'message_start': {
        const message = event.message as Record<string, unknown>;
        id = message.id as string;
        model = message.model as string;
        usage = { ...(message.usage as Record<string, unknown>) };
        break;
      }
      case 'content_block_start':
        blocks[event.index as number] = newBlock(event.content_block as Record<string, unknown>);
        break;
      case 'content_block_delta': {
        const block = blocks[event.index as number]!;
        const delta = event.delta as Record<string, string>;
        if (delta.type === 'text_delta') block.text += delta.text!;
        if (delta.type === 'thinking_delta') block.text += delta.thinking!;
        if (delta.type === 'signature_delta') block.signature = delta.signature!;
        if (delta.type === 'input_json_delta') block.json += delta.partial_json!;
        break;
      }
      case 'message_delta': {
        stopReason = (event.delta as { stop_reason?: string }).stop_reason ?? stopReason;
        for (const [field, value] of Object.entries(
          (event.usage ?? {}) as Record<string, unknown>,
        )) {
          if (value !== null && value !== undefined) usage[field] = value;
        }
        break;
      }
      case 'message_stop':
        complete = true;
        break;
      case 'error':
        error = {
          type: String((event.error as { type: unknown }).type),
          afterContent: blocks.length > 0,
        };
        break;
      default:
        break;
    }
  }
  for (const block of blocks) {
    if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      try {
        block.input = block.json === '' ? {} : (JSON.parse(block.json) as unknown);
      } catch {
        block.input = undefined; // incomplete JSON
      }
    }
  }
  return { id, model, blocks: blocks.filter(Boolean), stopReason, usage, error, complete };
}

function isStream(exchange: RecordedExchange): boolean {
  return (exchange.response.headers['content-type'] ?? '').includes('text/event-stream');
}

function expectationOf(exchange: RecordedExchange): Expected {
  const { status, body, headers } = exchange.response;
  if (status >= 400) {
    const envelope = JSON.parse(body) as { error: { type: string }; request_id?: string };
    const shouldRetry = headers['x-should-retry'];
    return {
      kind: 'error',
      error: errorClassByType[envelope.error.type]!,
      status,
      interrupted: false,
      retryable: shouldRetry === undefined ? undefined : shouldRetry === 'true',
      // The fake server adds a request-id header of its own when the recording has none.
      requestId: headers['request-id'],
    };
  }
  const answer = isStream(exchange)
    ? readStreamAnswer(body)
    : readJsonAnswer(JSON.parse(body) as Record<string, unknown>);
  const contentStarted = answer.blocks.length > 0;
  if (answer.error !== undefined) {
    return {
      kind: 'error',
      error: errorClassByType[answer.error.type]!,
      interrupted: answer.error.afterContent,
    };
  }
  const cutTool = answer.blocks.some(
    (block) => block.type === 'tool_use' && block.input === undefined,
  );
  if (answer.stopReason === 'max_tokens' && cutTool) {
    return {
      kind: 'error',
      error: StructuredOutputError,
      interrupted: contentStarted && isStream(exchange),
    };
  }
  // Without message_stop the answer is complete only if message_delta brought the stop reason.
  if (!answer.complete && answer.stopReason === undefined) {
    return { kind: 'error', error: ConnectionError, interrupted: contentStarted };
  }
  return { kind: 'result', answer };
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

function checkResult(result: ChatResult, answer: RecordedAnswer): void {
  const texts = answer.blocks.filter((block) => block.type === 'text').map((block) => block.text);
  expect(result.text).toBe(texts.join(''));
  expect(result.content.filter((part) => part.type === 'text').map((part) => part.text)).toEqual(
    texts,
  );
  expect(result.toolCalls).toEqual(
    answer.blocks
      .filter((block) => block.type === 'tool_use')
      .map((block) => ({
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.name,
        input: block.input,
      })),
  );
  expect(result.content.filter((part) => part.type === 'reasoning')).toEqual(
    answer.blocks
      .filter((block) => block.type === 'thinking' || block.type === 'redacted_thinking')
      .map((block) =>
        block.type === 'thinking'
          ? {
              type: 'reasoning',
              text: block.text,
              signature: block.signature,
              provider: 'anthropic',
            }
          : { type: 'reasoning', text: '', redactedData: block.data, provider: 'anthropic' },
      ),
  );
  expect(result.finishReason).toEqual({
    unified:
      answer.stopReason === undefined
        ? 'other'
        : (unifiedByStopReason[answer.stopReason] ?? 'other'),
    raw: answer.stopReason,
  });
  const input = count(answer.usage.input_tokens);
  const cacheRead = count(answer.usage.cache_read_input_tokens);
  const cacheWrite = count(answer.usage.cache_creation_input_tokens);
  expect(result.usage).toEqual({
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: count(answer.usage.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(
      (answer.usage.output_tokens_details as { thinking_tokens?: unknown } | undefined)
        ?.thinking_tokens,
    ),
  });
  expect(result.response.id).toBe(answer.id);
  expect(result.response.modelId).toBe(answer.model);
  expect(result.warnings).toEqual([]);
}

// ---------------------------------------------------------------------------
// The table: every exchange of every recording.
// ---------------------------------------------------------------------------

function recordings(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? recordings(path) : [path];
    })
    .sort();
}

interface Row {
  readonly label: string;
  readonly exchange: RecordedExchange;
  readonly file: string;
  readonly index: number;
}

const rows: Row[] = [];
if (peers.found) {
  const root = join(peers.dir, 'fixtures', 'anthropic');
  for (const file of recordings(root)) {
    loadRecordedExchanges(file).forEach((exchange, index, all) => {
      const name = relative(root, file);
      rows.push({ label: all.length > 1 ? `${name} #${index}` : name, exchange, file, index });
    });
  }
} else {
  console.warn(`Anthropic fixture replay skipped: ${peers.reason}`);
}

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

describe('replay of every recorded Anthropic response', () => {
  if (!peers.found) {
    it.skip(`skipped: ${peers.reason}`, () => undefined);
    return;
  }

  it('finds the recordings the MANIFEST lists (31 files)', () => {
    expect(new Set(rows.map((row) => row.file)).size).toBe(31);
  });

  it.each(rows)('$label', async ({ exchange, file, index }) => {
    harness.server.enqueue(anthropic.fixture(file, { exchange: index }));
    const expected = expectationOf(exchange);
    const model = harness.provider({ apiVersion: '2023-06-01' })('claude-haiku-4-5');
    const request = { messages: [{ role: 'user' as const, content: 'Replay.' }] };
    let result: ChatResult | undefined;
    let error: unknown;
    let streamCallRejected = false;
    if (isStream(exchange)) {
      let stream;
      try {
        stream = await model.stream(request);
      } catch (caught) {
        error = caught;
        streamCallRejected = true;
      }
      if (stream !== undefined)
        result = await stream.final().catch((caught: unknown) => ((error = caught), undefined));
    } else {
      result = await model
        .generate(request)
        .catch((caught: unknown) => ((error = caught), undefined));
    }

    if (expected.kind === 'result') {
      expect(error).toBeUndefined();
      checkResult(result!, expected.answer);
      return;
    }
    if (expected.interrupted) {
      expect(StreamInterruptedError.isInstance(error), String(error)).toBe(true);
      error = (error as Error).cause;
    } else if (isStream(exchange)) {
      // A failure before content rejects stream() itself, so retries and fallbacks can act.
      expect(streamCallRejected).toBe(true);
    }
    expect(
      expected.error.isInstance(error),
      `expected ${expected.error.errorName}, got ${String(error)}`,
    ).toBe(true);
    const llmError = error as LlmError;
    if (expected.status !== undefined) expect(llmError.status).toBe(expected.status);
    if (expected.retryable !== undefined) expect(llmError.isRetryable).toBe(expected.retryable);
    if (expected.requestId !== undefined) expect(llmError.requestId).toBe(expected.requestId);
  });
});
