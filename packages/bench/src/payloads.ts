import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peersDirStatus } from '@org/llm-test-support';

/** One provider's answer, framed as it goes on the wire. */
export interface WirePayload {
  /** The non-streamed answer: a JSON response body. */
  readonly json: string;
  /** The streamed answer: one framed SSE event per entry, terminator included. */
  readonly events: readonly string[];
  /** Events that carry data (the divisor of "CPU per chunk"): every event but the `[DONE]` terminator. */
  readonly chunkCount: number;
  /** How many leading events hold everything up to and including the first text delta. */
  readonly headEvents: number;
  /** The streamed text, to check that every client read all of it. */
  readonly text: string;
  /** The non-streamed text, to check `generate` answers. */
  readonly jsonText: string;
}

/** What the fake server answers for each provider. */
export interface BenchPayloads {
  readonly openai: WirePayload;
  readonly anthropic: WirePayload;
  /** Where the OpenAI stream comes from: a real recording, or synthesized when the peers folder is absent. */
  readonly source: string;
}

interface OpenAIChunk {
  readonly choices: readonly { readonly delta?: { readonly content?: string | null } }[];
}

const openAIStreamFile = 'openai/vercel-ai/openai-text.chunks.txt';
const openAIJsonFile = 'openai/vercel-ai/openai-text.json';

function synthesizedOpenAIChunks(): string[] {
  // Same shape and size as the recording (gpt-4.1-nano, 300 content deltas, usage chunk last).
  const base = {
    id: 'chatcmpl-bench000000000000000000000000',
    object: 'chat.completion.chunk',
    created: 1770933892,
    model: 'gpt-4.1-nano-2025-04-14',
    service_tier: 'default',
    system_fingerprint: 'fp_de604bd877',
  };
  const chunk = (delta: object, finish: string | null): string =>
    JSON.stringify({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
      obfuscation: 'abcdef',
    });
  const words = Array.from({ length: 300 }, (_, index) => (index % 7 === 0 ? '\n\n' : ' word'));
  return [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...words.map((word) => chunk({ content: word }, null)),
    chunk({}, 'stop'),
    JSON.stringify({
      ...base,
      choices: [],
      usage: { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 },
      obfuscation: 'abcdef',
    }),
  ];
}

function synthesizedOpenAIJson(text: string): string {
  return JSON.stringify({
    id: 'chatcmpl-bench000000000000000000000001',
    object: 'chat.completion',
    created: 1770933883,
    model: 'gpt-4.1-nano-2025-04-14',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 16, completion_tokens: 363, total_tokens: 379 },
    service_tier: 'default',
    system_fingerprint: 'fp_de604bd877',
  });
}

function deltaOf(line: string): string {
  const chunk = JSON.parse(line) as OpenAIChunk;
  return chunk.choices[0]?.delta?.content ?? '';
}

function buildOpenAI(lines: readonly string[], json: string): WirePayload {
  const events = [...lines.map((line) => `data: ${line}\n\n`), 'data: [DONE]\n\n'];
  const deltas = lines.map(deltaOf);
  const firstText = deltas.findIndex((delta) => delta !== '');
  const parsed = JSON.parse(json) as { choices: { message: { content: string } }[] };
  return {
    json,
    events,
    chunkCount: lines.length,
    headEvents: firstText + 1,
    text: deltas.join(''),
    jsonText: parsed.choices[0]!.message.content,
  };
}

/**
 * A Claude text stream of the same length as the OpenAI one: the event
 * sequence and fields of a recorded claude-sonnet-4-5 stream
 * (`message_start` with cache usage, `ping`, text deltas, `message_delta`),
 * carrying the OpenAI recording's ~300 token-sized deltas.
 */
function buildAnthropic(deltas: readonly string[], jsonText: string): WirePayload {
  const event = (type: string, data: object): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const usage = {
    input_tokens: 12,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 1,
    service_tier: 'standard',
    inference_geo: 'not_available',
  };
  const message = {
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
    type: 'message',
    role: 'assistant',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage,
  };
  const text = deltas.filter((delta) => delta !== '');
  const head = [
    event('message_start', { message }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    event('ping', {}),
  ];
  const events = [
    ...head,
    ...text.map((piece) =>
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }),
    ),
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { ...usage, output_tokens: text.length, service_tier: undefined },
    }),
    event('message_stop', {}),
  ];
  const json = JSON.stringify({
    ...message,
    content: [{ type: 'text', text: jsonText }],
    stop_reason: 'end_turn',
    usage: { ...usage, output_tokens: 363 },
  });
  return {
    json,
    events,
    // Anthropic has no separate terminator: message_stop is a data event like the others.
    chunkCount: events.length,
    headEvents: head.length + 1,
    text: text.join(''),
    jsonText,
  };
}

/**
 * The answers the fake server gives: the recorded `openai-text` stream and
 * JSON of the peers folder when present (a ~300-chunk gpt-4.1-nano story),
 * else synthesized ones of the same shape and size; and a Claude stream with
 * the same deltas.
 */
export function loadPayloads(): BenchPayloads {
  const peers = peersDirStatus();
  let lines: string[];
  let json: string;
  let source: string;
  const streamPath = peers.found ? join(peers.dir, 'fixtures', openAIStreamFile) : undefined;
  if (peers.found && existsSync(streamPath!)) {
    lines = readFileSync(streamPath!, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    json = JSON.stringify(
      JSON.parse(readFileSync(join(peers.dir, 'fixtures', openAIJsonFile), 'utf8')),
    );
    source = `recorded: peers/fixtures/${openAIStreamFile} and ${openAIJsonFile}`;
  } else {
    lines = synthesizedOpenAIChunks();
    json = '';
    source = `synthesized (${peers.found ? `${openAIStreamFile} missing` : peers.reason})`;
  }
  const deltas = lines.map(deltaOf);
  if (json === '') json = synthesizedOpenAIJson(deltas.join(''));
  const openai = buildOpenAI(lines, json);
  return { openai, anthropic: buildAnthropic(deltas, openai.jsonText), source };
}
