// docs/guides/testing-your-app.md, "Unit tests: MockChatModel".
import { RateLimitError } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { streamTicketSummary, summarizeTicket } from './ticket-summary.ts';

describe('summarizeTicket with a MockChatModel', () => {
  // #region mock
  it('sends the ticket and returns the summary', async () => {
    const model = new MockChatModel({ responses: ['The customer was charged twice.'] });

    expect(await summarizeTicket(model, 'I paid twice for order A-42!')).toBe(
      'The customer was charged twice.',
    );
    expect(model.lastRequest).toMatchObject({
      system: 'Summarise the support ticket in one sentence.',
      messages: [{ role: 'user', content: 'I paid twice for order A-42!' }],
      maxOutputTokens: 100,
    });
  });

  it('streams the summary piece by piece', async () => {
    const model = new MockChatModel({
      responses: [{ chunks: ['Charged', ' twice.'], usage: { outputTokens: 2 } }],
    });
    const pieces: string[] = [];

    expect(await streamTicketSummary(model, 'I paid twice!', (text) => pieces.push(text))).toBe(2);
    expect(pieces).toEqual(['Charged', ' twice.']);
  });

  it('lets a rate limit through to the caller', async () => {
    const model = new MockChatModel({
      responses: [
        { error: new RateLimitError('Slow down.', { kind: 'throttled', retryAfterMs: 2000 }) },
      ],
    });

    const error = await summarizeTicket(model, 'Hello?').catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(2000);
  });
  // #endregion mock
});
