// docs/guides/testing-your-app.md, "Wire tests: this library's adapters
// against the fake provider server".
import { createAnthropic } from '@org/llm-anthropic';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withResilience } from '@org/llm-resilience';
import {
  anthropic,
  createFakeProviderServer,
  fault,
  openai,
  type FakeProviderServer,
} from '@org/llm-testkit';
import { StreamInterruptedError } from '@org/llm-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { streamTicketSummary, summarizeTicket } from './ticket-summary.ts';

// #region setup
let server: FakeProviderServer;

beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

/** The adapters the app uses in production, pointed at the fake server. */
const gpt = () =>
  createOpenAIHttp({ baseURL: server.openaiBaseURL, apiKey: 'sk-test' })('gpt-6-luna');
const claude = () =>
  createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'sk-ant-test' })('claude-sonnet-4-6');
// #endregion setup

describe('summarizeTicket over the wire', () => {
  // #region openai
  it('sends what OpenAI expects and reads its answer', async () => {
    server.enqueue(openai.text('The customer was charged twice.'));

    expect(await summarizeTicket(gpt(), 'I paid twice for order A-42!')).toBe(
      'The customer was charged twice.',
    );
    const body = server.lastRequest.bodyAs('openai-chat');
    expect(body.model).toBe('gpt-6-luna');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Summarise the support ticket in one sentence.' },
      { role: 'user', content: 'I paid twice for order A-42!' },
    ]);
  });
  // #endregion openai

  // #region anthropic
  it('sends what Claude expects and reads its answer', async () => {
    server.enqueue(anthropic.text('The customer was charged twice.'));

    expect(await summarizeTicket(claude(), 'I paid twice for order A-42!')).toBe(
      'The customer was charged twice.',
    );
    const body = server.lastRequest.bodyAs('anthropic-messages');
    expect(body.model).toBe('claude-sonnet-4-6');
    expect(body.system).toBe('Summarise the support ticket in one sentence.');
    expect(body.max_tokens).toBe(100);
  });
  // #endregion anthropic

  // #region retry
  it('retries a rate limit after the Retry-After the server sent', async () => {
    const model = withResilience(gpt(), { retry: { maxAttempts: 2, random: () => 0 } });
    server.enqueue(openai.rateLimited({ retryAfterMs: 20 }), openai.text('Charged twice.'));

    expect(await summarizeTicket(model, 'I paid twice!')).toBe('Charged twice.');
    expect(server.requests).toHaveLength(2);
  });
  // #endregion retry

  // #region broken-stream
  it('reports a stream cut after the first words, with the text so far', async () => {
    server.enqueue(anthropic.text('The customer was charged twice.', { fault: fault.cut(5) }));
    const pieces: string[] = [];

    const error = await streamTicketSummary(claude(), 'I paid twice!', (text) =>
      pieces.push(text),
    ).catch((caught: unknown) => caught);

    expect(pieces.join('')).toBe('The customer');
    expect(StreamInterruptedError.isInstance(error) && error.partialText).toBe('The customer');
  });
  // #endregion broken-stream
});
