import { describe, expect, it } from 'vitest';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { createUsage } from '../spec/usage.ts';
import { ChatStream } from './chat-stream.ts';

async function* answer(): AsyncGenerator<ChatStreamPart> {
  yield { type: 'stream-start', warnings: [] };
  yield { type: 'text-start', id: '0' };
  yield { type: 'text-delta', id: '0', delta: 'Hi' };
  yield { type: 'text-end', id: '0' };
  yield {
    type: 'finish',
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: createUsage({ inputTokens: 1_000_000, outputTokens: 100_000 }),
  };
}

describe('ChatStream cost', () => {
  const pricing = { inputPerMillion: 2, outputPerMillion: 10 };

  it("puts the call's cost on the final result when the model's prices are known", async () => {
    const stream = await ChatStream.from(answer(), { provider: 'p', modelId: 'm', pricing });
    const result = await stream.final();
    expect(result.cost?.total).toBeCloseTo(3);
    expect(result.cost?.input).toBeCloseTo(2);
  });

  it('keeps the prices in both copies of a tee', async () => {
    const stream = await ChatStream.from(answer(), { provider: 'p', modelId: 'm', pricing });
    const [left, right] = stream.tee();
    const [a, b] = await Promise.all([left.final(), right.final()]);
    expect(a.cost?.total).toBeCloseTo(3);
    expect(b.cost?.total).toBeCloseTo(3);
  });

  it('has no cost without prices', async () => {
    const stream = await ChatStream.from(answer(), { provider: 'p', modelId: 'm' });
    expect((await stream.final()).cost).toBeUndefined();
  });
});
