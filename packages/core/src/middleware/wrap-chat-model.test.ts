import { describe, expect, it } from 'vitest';
import { scriptedModel, textResult } from '../test-support/scripted-model.ts';
import { wrapChatModel } from './wrap-chat-model.ts';

describe('wrapChatModel', () => {
  it('transforms requests for both operations', async () => {
    const model = scriptedModel([textResult('a'), textResult('b')]);
    const operations: string[] = [];
    const wrapped = wrapChatModel(model, {
      transformRequest: ({ request, operation }) => {
        operations.push(operation);
        return { ...request, temperature: 0 };
      },
    });
    await wrapped.generate({ messages: [{ role: 'user', content: 'x' }] });
    await (await wrapped.stream({ messages: [{ role: 'user', content: 'y' }] })).final();
    expect(operations).toEqual(['generate', 'stream']);
    expect(model.requests.map((request) => request.temperature)).toEqual([0, 0]);
  });

  it('runs a list outermost first', async () => {
    const model = scriptedModel([textResult('inner')]);
    const order: string[] = [];
    const layer = (name: string) => ({
      wrapGenerate: async ({
        request,
        next,
      }: {
        request: Parameters<typeof model.generate>[0];
        next: typeof model.generate;
      }) => {
        order.push(`${name}:before`);
        const result = await next(request);
        order.push(`${name}:after`);
        return { ...result, text: `${name}(${result.text})` };
      },
    });
    const wrapped = wrapChatModel(model, [layer('outer'), layer('inner')]);
    const result = await wrapped.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(order).toEqual(['outer:before', 'inner:before', 'inner:after', 'outer:after']);
    expect(result.text).toBe('outer(inner(inner))');
  });

  it('can replace the stream and the model identity', async () => {
    const model = scriptedModel([textResult('first'), textResult('second')]);
    const wrapped = wrapChatModel(model, {
      provider: 'router',
      modelId: 'smart',
      capabilities: { ...model.capabilities, vision: true },
      wrapStream: async ({ request, next }) => {
        await (await next(request)).final();
        return next(request);
      },
    });
    expect([wrapped.provider, wrapped.modelId, wrapped.capabilities.vision]).toEqual([
      'router',
      'smart',
      true,
    ]);
    expect(
      await (await wrapped.stream({ messages: [{ role: 'user', content: 'x' }] })).text(),
    ).toBe('second');
  });

  it('passes through when no hook is given', async () => {
    const model = scriptedModel([textResult('plain')]);
    const wrapped = wrapChatModel(model, {});
    expect((await wrapped.generate({ messages: [{ role: 'user', content: 'x' }] })).text).toBe(
      'plain',
    );
    expect(wrapped.specificationVersion).toBe('v1');
  });
});
