import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { peersDirStatus } from '@org/llm-test-support';
import { loadRecordedExchanges } from '@org/llm-testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpenAIChatResponse } from './is-openai-chat-response.ts';
import { openAIChatResponseSchema } from './openai-chat-api.ts';

/** A field value: mostly what the schema wants, sometimes anything. */
const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
const loose = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({ ...fields, extra: fc.jsonValue() }, { requiredKeys: [] });
const toolCall = loose({
  id: maybe(fc.string()),
  type: maybe(fc.constant('function')),
  function: maybe(loose({ name: maybe(fc.string()), arguments: maybe(fc.string()) })),
});
const choice = loose({
  index: maybe(fc.nat(2)),
  message: maybe(
    loose({
      role: maybe(fc.constant('assistant')),
      content: maybe(fc.string()),
      refusal: maybe(fc.string()),
      reasoning_content: maybe(fc.string()),
      tool_calls: maybe(fc.array(maybe(toolCall), { maxLength: 2 })),
    }),
  ),
  finish_reason: maybe(fc.constantFrom('stop', 'length', 'tool_calls')),
  logprobs: fc.jsonValue(),
});
const body = fc.oneof(
  loose({
    id: maybe(fc.string()),
    model: maybe(fc.string()),
    created: maybe(fc.oneof(fc.nat(), fc.double())),
    system_fingerprint: maybe(fc.string()),
    choices: maybe(fc.array(maybe(choice), { maxLength: 3 })),
    usage: maybe(
      loose({
        prompt_tokens: maybe(fc.nat()),
        completion_tokens: maybe(fc.nat()),
        prompt_tokens_details: maybe(loose({ cached_tokens: maybe(fc.nat()) })),
        completion_tokens_details: maybe(loose({ reasoning_tokens: maybe(fc.nat()) })),
      }),
    ),
  }),
  fc.jsonValue(),
);

describe('isOpenAIChatResponse', () => {
  it('accepts a body only when the zod schema accepts it unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, (value) => {
        if (!isOpenAIChatResponse(value)) return;
        accepted++;
        const parsed = openAIChatResponseSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 2000 },
    );
    // The fast path is alive: a good share of the generated bodies take it.
    expect(accepted).toBeGreaterThan(40);
  });

  const peers = peersDirStatus();
  if (!peers.found) console.warn(`Recorded JSON answers skipped: ${peers.reason}`);

  it.skipIf(!peers.found)('takes every recorded JSON chat completion', () => {
    const root = join(peers.found ? peers.dir : '', 'fixtures', 'openai');
    const bodies = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .flatMap((entry) =>
        loadRecordedExchanges(join(entry.parentPath, entry.name)).map((exchange) => exchange),
      )
      .filter(
        (exchange) =>
          exchange.response.status === 200 &&
          (exchange.response.headers['content-type'] ?? '').includes('json') &&
          (exchange.request?.url.includes('/chat/completions') ?? true),
      )
      .map((exchange) => JSON.parse(exchange.response.body) as unknown);
    expect(bodies.length).toBeGreaterThan(5);
    for (const recorded of bodies) expect(isOpenAIChatResponse(recorded)).toBe(true);
  });
});
