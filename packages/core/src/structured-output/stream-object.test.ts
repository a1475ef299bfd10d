import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StructuredOutputError } from '../errors/library-errors.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { createUsage } from '../spec/usage.ts';
import { ChatStream } from '../stream/chat-stream.ts';
import { scriptedModel } from '../test-support/scripted-model.ts';
import { streamObject } from './stream-object.ts';

function chunkedModel(chunks: readonly string[], finish: 'stop' | 'length' = 'stop') {
  const requests: ChatRequest[] = [];
  const model: ChatModel = {
    ...scriptedModel([], { jsonSchemaOutput: true }),
    stream: (request) => {
      requests.push(request);
      async function* parts(): AsyncGenerator<ChatStreamPart> {
        yield { type: 'text-start', id: 't' };
        for (const delta of chunks)
          yield await Promise.resolve({ type: 'text-delta' as const, id: 't', delta });
        yield { type: 'text-end', id: 't' };
        yield {
          type: 'finish',
          finishReason: { unified: finish, raw: finish },
          usage: createUsage({ outputTokens: chunks.length }),
        };
      }
      return ChatStream.from(parts(), { provider: 'p', modelId: 'm' });
    },
  };
  return { model, requests };
}

const recipe = z.object({ title: z.string(), steps: z.array(z.string()) });
const messages = [{ role: 'user' as const, content: 'A recipe' }];

describe('streamObject', () => {
  it('yields growing partial objects, then the validated object', async () => {
    const { model, requests } = chunkedModel([
      '{"ti',
      'tle":"Toa',
      'st","steps":["Slice',
      '","Toast"]}',
    ]);
    const result = await streamObject(model, { schema: recipe, messages });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials).toEqual([
      {},
      { title: 'Toa' },
      { title: 'Toast', steps: ['Slice'] },
      { title: 'Toast', steps: ['Slice', 'Toast'] },
    ]);
    expect(await result.object()).toEqual({ title: 'Toast', steps: ['Slice', 'Toast'] });
    expect(result.mode).toBe('json-schema');
    expect(requests[0]!.responseFormat?.type).toBe('json-schema');
    expect((await result.final()).usage.outputTokens).toBe(4);
  });

  it('skips prose before the JSON in instruct mode', async () => {
    const { model } = chunkedModel(['Here it is: ```json\n{"title":', '"T","steps":[]}\n```']);
    const result = await streamObject(model, { schema: recipe, messages, mode: 'instruct' });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials.at(-1)).toEqual({ title: 'T', steps: [] });
    expect(await result.object()).toEqual({ title: 'T', steps: [] });
  });

  it('resolves object() without reading the partials', async () => {
    const { model } = chunkedModel(['{"title":"A","steps":["b"]}']);
    expect(await (await streamObject(model, { schema: recipe, messages })).object()).toEqual({
      title: 'A',
      steps: ['b'],
    });
  });

  it('rejects an invalid or truncated object', async () => {
    const invalid = await streamObject(chunkedModel(['{"title":1}']).model, {
      schema: recipe,
      messages,
    });
    await expect(invalid.object()).rejects.toThrow(StructuredOutputError);
    const truncated = await streamObject(chunkedModel(['{"title":"A'], 'length').model, {
      schema: recipe,
      messages,
    });
    await expect(truncated.object()).rejects.toThrow(/cut off by the output token limit/);
  });
});
