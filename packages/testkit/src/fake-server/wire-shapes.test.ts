// The synthesized answers have the shape of real recordings: for comparable
// answers, the set of field paths of each body and each stream event equals
// the recorded one (peers/fixtures; values differ, fields do not).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peersDirStatus } from '@org/llm-test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-scripts.ts';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { openai } from './openai-scripts.ts';
import { anthropicEvents, openAIPayloads, postJson } from './test-support/wire-client.ts';

const peers = peersDirStatus();
if (!peers.found) {
  if (process.env.CI) throw new Error(`The wire shape suite must run in CI, but ${peers.reason}.`);
  console.warn(`Skipping the wire shape suite: ${peers.reason}.`);
}

/** Every field path of a JSON value (`choices[].delta.content`), sorted. */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value))
    return [...new Set(value.flatMap((item) => paths(item, `${prefix}[]`)))].sort();
  if (typeof value !== 'object' || value === null) return prefix === '' ? [] : [prefix];
  const out = Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...paths(child, path)];
  });
  return [...new Set(out)].sort();
}

const recorded = (file: string): string =>
  readFileSync(join(peers.found ? peers.dir : '', 'fixtures', file), 'utf8');
const chunkLines = (file: string): Record<string, unknown>[] =>
  recorded(file)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe.skipIf(!peers.found)('synthesized answers have the fields of real ones', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await createFakeProviderServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
  });

  it('OpenAI chat.completion (vercel-ai/openai-text.json)', async () => {
    server.enqueue(openai.text('Hello'));
    const ours = await (
      await postJson(`${server.openaiBaseURL}/chat/completions`, { model: 'gpt-4.1-nano' })
    ).json();
    expect(paths(ours)).toEqual(paths(JSON.parse(recorded('openai/vercel-ai/openai-text.json'))));
  });

  it('OpenAI chunks with include_usage (vercel-ai/openai-text.chunks.txt)', async () => {
    server.enqueue(openai.text('Hello world'));
    const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
      model: 'gpt-4.1-nano',
      stream: true,
      stream_options: { include_usage: true },
    });
    const ours = openAIPayloads(await response.text()).slice(0, -1);
    const real = chunkLines('openai/vercel-ai/openai-text.chunks.txt');
    // role chunk, first content chunk, finish chunk, usage chunk
    for (const [mine, theirs] of [
      [ours[0], real[0]],
      [ours[1], real[1]],
      [ours.at(-2), real.at(-2)],
      [ours.at(-1), real.at(-1)],
    ]) {
      expect(paths(mine)).toEqual(paths(theirs));
    }
  });

  it('OpenAI streamed tool calls (simonw-llm/test_tool_use_basic.yaml)', async () => {
    server.enqueue(
      openai.toolCalls([{ id: 'call_1', name: 'multiply', arguments: { a: 1, b: 2 } }]),
    );
    const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
    });
    const ours = openAIPayloads(await response.text()) as { choices: { delta: unknown }[] }[];
    const body = recorded('openai/simonw-llm/test_tool_use_basic.yaml');
    const real = [...body.matchAll(/data: (\{"id".*?\})\n/g)].map(
      (match) => JSON.parse(match[1]!) as { choices: { delta: unknown }[] },
    );
    // The recording's first chunk folds the role into the first call's delta; compare the call deltas.
    expect(paths(ours[1]!.choices[0]!.delta)).toEqual(
      paths(real[0]!.choices[0]!.delta).filter(
        (path) => !['content', 'refusal', 'role'].includes(path),
      ),
    );
    expect(paths(ours[2]!.choices[0]!.delta)).toEqual(paths(real[1]!.choices[0]!.delta));
  });

  it('Anthropic message (vercel-ai/anthropic-text.json)', async () => {
    server.enqueue(anthropic.text('Hello'));
    const ours = await (
      await postJson(`${server.anthropicBaseURL}/v1/messages`, { model: 'claude-sonnet-4-5' })
    ).json();
    // Recorded in 2026-02, before messages carried stop_details (the 2026-07 recording below has it).
    expect(paths(ours).filter((path) => path !== 'stop_details')).toEqual(
      paths(JSON.parse(recorded('anthropic/vercel-ai/anthropic-text.json'))),
    );
  });

  it('Anthropic message with thinking (vercel-ai/anthropic-claude-opus-5-reasoning-high.1.json)', async () => {
    server.enqueue(anthropic.thinking({ thinking: 'Hmm.', signature: 'sig' }, { text: 'Done.' }));
    const ours = await (
      await postJson(`${server.anthropicBaseURL}/v1/messages`, { model: 'claude-opus-5' })
    ).json();
    expect(paths(ours)).toEqual(
      paths(
        JSON.parse(recorded('anthropic/vercel-ai/anthropic-claude-opus-5-reasoning-high.1.json')),
      ),
    );
  });

  it('Anthropic text stream events (vercel-ai/anthropic-text.chunks.txt)', async () => {
    server.enqueue(anthropic.text('Hello world'));
    const response = await postJson(`${server.anthropicBaseURL}/v1/messages`, {
      model: 'claude-sonnet-4-5',
      stream: true,
    });
    const ours = anthropicEvents(await response.text()).map((event) => event.data);
    const real = chunkLines('anthropic/vercel-ai/anthropic-text.chunks.txt');
    expect(ours.map((event) => (event as { type: string }).type)).toEqual(
      real
        .slice(0, 5)
        .concat(real.slice(-3))
        .map((event) => event.type),
    );
    for (const [index, theirs] of [...real.slice(0, 5), ...real.slice(-3)].entries()) {
      expect(paths(ours[index])).toEqual(paths(theirs));
    }
  });

  it('Anthropic tool_use stream events (vercel-ai/anthropic-json-tool.1.chunks.txt)', async () => {
    server.enqueue(anthropic.toolUse([{ id: 'toolu_1', name: 'json', input: { elements: [] } }]));
    const response = await postJson(`${server.anthropicBaseURL}/v1/messages`, {
      model: 'claude-haiku-4-5',
      stream: true,
    });
    const ours = anthropicEvents(await response.text()).map(
      (event) => event.data as { type: string },
    );
    const real = chunkLines('anthropic/vercel-ai/anthropic-json-tool.1.chunks.txt');
    for (const type of [
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
    ]) {
      expect(paths(ours.find((event) => event.type === type))).toEqual(
        paths(real.find((event) => event.type === type)),
      );
    }
  });
});
