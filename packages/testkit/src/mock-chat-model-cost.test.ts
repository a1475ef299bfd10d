import { describe, expect, it } from 'vitest';
import { MockChatModel } from './mock-chat-model.ts';

describe('MockChatModel cost', () => {
  it('puts the cost on every result when its capabilities carry prices', async () => {
    const model = new MockChatModel({
      capabilities: { pricing: { inputPerMillion: 1, outputPerMillion: 2 } },
      respond: () => ({ text: 'Hi', usage: { inputTokens: 1_000_000, outputTokens: 1_000_000 } }),
    });
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    expect((await model.generate({ messages })).cost?.total).toBeCloseTo(3);
    expect((await (await model.stream({ messages })).final()).cost?.total).toBeCloseTo(3);
    expect(
      (await new MockChatModel({ responses: ['Hi'] }).generate({ messages })).cost,
    ).toBeUndefined();
  });
});
