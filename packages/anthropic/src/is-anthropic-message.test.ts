import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { peersDirStatus } from '@org/llm-test-support';
import { loadRecordedExchanges } from '@org/llm-testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anthropicMessageSchema } from './anthropic-api.ts';
import { isAnthropicMessage } from './is-anthropic-message.ts';

type Field = <T>(valid: fc.Arbitrary<T>) => fc.Arbitrary<unknown>;

/** A field value: mostly what the schema wants, sometimes anything. */
const maybe: Field = (valid) =>
  fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, Number.NaN, Infinity) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  );
/** A field value the schema wants: present, or (for a nullish field) null or missing. */
const valid: Field = (value) => value;
const nullishOr: Field = (value) => fc.oneof(value, fc.constantFrom(null, undefined));

/** Messages answers whose fields are drawn by `field` (`nullable` for nullish fields). */
function bodies(field: Field, nullable: Field) {
  const loose = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[]) =>
    fc.record<Record<string, unknown>>(
      { ...fields, extra: fc.jsonValue({ maxDepth: 1 }) },
      { requiredKeys: field === valid ? required : [] },
    );
  const count = nullable(
    field(fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
  );
  const block = field(
    fc.oneof(
      loose({ type: field(fc.constant('text')), text: field(fc.string()) }, ['type', 'text']),
      loose(
        {
          type: field(fc.constant('thinking')),
          thinking: field(fc.string()),
          signature: field(fc.string()),
        },
        ['type', 'thinking', 'signature'],
      ),
      loose({ type: field(fc.constant('redacted_thinking')), data: field(fc.string()) }, [
        'type',
        'data',
      ]),
      loose(
        {
          type: field(fc.constant('tool_use')),
          id: field(fc.string()),
          name: field(fc.string()),
          input: fc.jsonValue({ maxDepth: 1 }),
        },
        ['type', 'id', 'name', 'input'],
      ),
    ),
  );
  return loose(
    {
      id: field(fc.string()),
      type: field(fc.constant('message')),
      role: field(fc.constant('assistant')),
      model: field(fc.string()),
      content: field(fc.array(block, { maxLength: 3 })),
      stop_reason: nullable(
        field(fc.constantFrom('end_turn', 'max_tokens', 'tool_use', 'refusal')),
      ),
      stop_sequence: nullable(field(fc.string())),
      stop_details: nullable(
        field(
          loose(
            {
              type: nullable(field(fc.string())),
              category: nullable(field(fc.string())),
              explanation: nullable(field(fc.string())),
            },
            [],
          ),
        ),
      ),
      usage: field(
        loose(
          {
            input_tokens: count,
            output_tokens: count,
            cache_creation_input_tokens: count,
            cache_read_input_tokens: count,
            output_tokens_details: nullable(field(loose({ thinking_tokens: count }, []))),
          },
          [],
        ),
      ),
    },
    ['id', 'model', 'content', 'usage'],
  );
}

const anyBody = fc.oneof(
  { weight: 9, arbitrary: bodies(maybe, (value) => value) },
  { weight: 1, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc.record({
      id: fc.string(),
      model: fc.string(),
      content: fc.array(
        fc.record({ type: fc.constantFrom('server_tool_use', 'web_search_tool_result') }),
        { minLength: 1, maxLength: 2 },
      ),
      usage: fc.constant({}),
    }),
  },
);

describe('isAnthropicMessage', () => {
  it('was written for this schema: a changed schema (or zod) fails here until the check follows', () => {
    // After changing anthropicMessageSchema, update isAnthropicMessage and the
    // generators above, then this fingerprint.
    const json = JSON.stringify(
      z.toJSONSchema(anthropicMessageSchema, { unrepresentable: 'any', io: 'input' }),
    );
    expect(createHash('sha256').update(json).digest('hex').slice(0, 16)).toBe('586bff1e702f79e1');
  });

  it('accepts every well-formed answer', () => {
    fc.assert(
      fc.property(bodies(valid, nullishOr), (value) => {
        expect(isAnthropicMessage(value)).toBe(true);
        expect(anthropicMessageSchema.parse(value)).toEqual(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts a body only when the zod schema accepts it unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyBody, (value) => {
        if (!isAnthropicMessage(value)) return;
        accepted++;
        const parsed = anthropicMessageSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 5000 },
    );
    // The fast path is alive: a good share of the generated bodies take it.
    expect(accepted).toBeGreaterThan(25);
  });

  it('leaves server tool blocks to the schema, which reads them as other', () => {
    const value = {
      id: 'msg_1',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }],
      usage: { input_tokens: 1, output_tokens: 2 },
    };
    expect(isAnthropicMessage(value)).toBe(false);
    expect(anthropicMessageSchema.parse(value).content).toEqual([{ type: 'other' }]);
  });

  const peers = peersDirStatus();
  if (!peers.found) console.warn(`Recorded JSON answers skipped: ${peers.reason}`);

  it.skipIf(!peers.found)('takes every recorded answer without server tool blocks', () => {
    const root = join(peers.found ? peers.dir : '', 'fixtures', 'anthropic');
    const bodies = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(json|ya?ml)$/.test(entry.name))
      .flatMap((entry) => loadRecordedExchanges(join(entry.parentPath, entry.name)))
      .filter(
        (exchange) =>
          exchange.response.status === 200 &&
          (exchange.response.headers['content-type'] ?? '').includes('json') &&
          (exchange.request?.url.endsWith('/v1/messages') ?? true),
      )
      .map((exchange) => JSON.parse(exchange.response.body) as { content?: unknown });
    const plain = bodies.filter(
      (recorded) =>
        Array.isArray(recorded.content) &&
        recorded.content.every((entry: { type?: unknown }) =>
          ['text', 'thinking', 'redacted_thinking', 'tool_use'].includes(entry.type as string),
        ),
    );
    expect(plain.length).toBeGreaterThan(5);
    for (const recorded of plain) expect(isAnthropicMessage(recorded)).toBe(true);
  });
});
