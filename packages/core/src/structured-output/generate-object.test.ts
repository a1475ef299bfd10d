import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StructuredOutputError } from '../errors/library-errors.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import { scriptedModel, textResult } from '../test-support/scripted-model.ts';
import { generateObject } from './generate-object.ts';

const city = z.object({ name: z.string(), population: z.number().int().positive() });
const messages = [{ role: 'user' as const, content: 'Largest city in Norway?' }];

describe('generateObject', () => {
  it('uses native JSON Schema output when the model supports it', async () => {
    const model = scriptedModel([textResult('{"name":"Oslo","population":709000}')], {
      jsonSchemaOutput: true,
    });
    const { object, mode, repairs, usage } = await generateObject(model, {
      schema: city,
      messages,
      schemaName: 'city',
      system: 'Be exact.',
    });
    expect(object).toEqual({ name: 'Oslo', population: 709000 });
    expect([mode, repairs, usage.inputTokens]).toEqual(['json-schema', 0, 5]);
    const request = model.requests[0]!;
    expect(request.system).toBe('Be exact.');
    expect(request.responseFormat).toEqual({
      type: 'json-schema',
      name: 'city',
      description: undefined,
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          population: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
        },
        required: ['name', 'population'],
        additionalProperties: false,
      },
    });
  });

  it('uses JSON mode plus instructions when only JSON mode exists', async () => {
    const model = scriptedModel([textResult('{"name":"Oslo","population":1}')], {
      jsonOutput: true,
    });
    const { mode } = await generateObject(model, {
      schema: city,
      messages,
      schemaDescription: 'a city',
    });
    expect(mode).toBe('json');
    expect(model.requests[0]!.responseFormat).toEqual({ type: 'json' });
    expect(model.requests[0]!.system).toContain('single JSON value');
    expect(model.requests[0]!.system).toContain('It describes: a city');
    expect(model.requests[0]!.system).toContain('"population"');
  });

  it('instructs and extracts when the model has no JSON support', async () => {
    const model = scriptedModel([
      textResult('Sure!\n```json\n{"name":"Oslo","population":2}\n```'),
    ]);
    const { object, mode } = await generateObject(model, {
      schema: city,
      messages,
      system: 'Base rules.',
    });
    expect([object.population, mode]).toEqual([2, 'instruct']);
    expect(model.requests[0]!.responseFormat).toBeUndefined();
    expect(model.requests[0]!.system).toMatch(/^Base rules\.\n\nAnswer with a single JSON value/);
  });

  it('repairs once with the issues shown to the model, and sums usage', async () => {
    const model = scriptedModel(
      [textResult('{"name":"Oslo","population":-5}'), textResult('{"name":"Oslo","population":5}')],
      {
        jsonSchemaOutput: true,
      },
    );
    const { object, repairs, usage } = await generateObject(model, { schema: city, messages });
    expect([object.population, repairs, usage.inputTokens, usage.outputTokens]).toEqual([
      5, 1, 10, 6,
    ]);
    const repair = model.requests[1]!.messages;
    expect(repair.at(-2)).toEqual({
      role: 'assistant',
      content: '{"name":"Oslo","population":-5}',
    });
    expect(repair.at(-1)).toEqual({
      role: 'user',
      content:
        'That answer is not valid: population: Too small: expected number to be >0. Reply with only the corrected JSON value.',
    });
  });

  it('fails with the raw text and issues after the repair round', async () => {
    const model = scriptedModel([textResult('not json'), textResult('{"name":3}')]);
    const error = (await generateObject(model, { schema: city, messages }).catch(
      (caught: unknown) => caught,
    )) as StructuredOutputError;
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect(error.text).toBe('{"name":3}');
    expect(error.issues.map((issue) => issue.path)).toEqual(['name', 'population']);
    expect(error.message).toContain('did not return a valid object after 1 repair round(s)');
  });

  it('does not repair when maxRepairs is 0', async () => {
    const model = scriptedModel([textResult('nope')]);
    await expect(generateObject(model, { schema: city, messages, maxRepairs: 0 })).rejects.toThrow(
      /not valid JSON/,
    );
    expect(model.requests).toHaveLength(1);
  });

  it('fails at once when the answer was cut off', async () => {
    const truncated: ChatResult = {
      ...textResult('{"name":"Os'),
      finishReason: { unified: 'length', raw: 'max_tokens' },
    };
    const model = scriptedModel([truncated]);
    await expect(generateObject(model, { schema: city, messages })).rejects.toThrow(
      /cut off by the output token limit/,
    );
    expect(model.requests).toHaveLength(1);
  });

  it('honours an explicit mode', async () => {
    const model = scriptedModel([textResult('{"name":"Oslo","population":3}')], {
      jsonSchemaOutput: true,
    });
    const { mode } = await generateObject(model, { schema: city, messages, mode: 'instruct' });
    expect(mode).toBe('instruct');
  });
});
