import { createFakeProviderServer, fault, openai, type FakeProviderServer } from '@org/llm-testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerCustomer, streamAnswer } from './support-bot.ts';

// #region setup
let server: FakeProviderServer;
let client: OpenAI;

beforeAll(async () => {
  server = await createFakeProviderServer();
  client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});
// #endregion setup
afterEach(() => {
  vi.useRealTimers();
});

describe('answerCustomer', () => {
  // #region text
  it('answers from the model', async () => {
    server.enqueue(openai.text('Your order ships tomorrow.'));

    expect(await answerCustomer(client, 'When does my order ship?')).toBe(
      'Your order ships tomorrow.',
    );
    expect(server.lastRequest.body).toMatchObject({
      model: 'gpt-6-luna',
      messages: [{ role: 'system' }, { role: 'user', content: 'When does my order ship?' }],
    });
  });
  // #endregion text

  // #region tools
  it('looks the order up when the model calls the tool', async () => {
    server.enqueue(
      openai.toolCalls([{ id: 'call_1', name: 'get_order', arguments: { orderId: 'A-42' } }]),
      openai.text('Order A-42 has shipped.'),
    );

    expect(await answerCustomer(client, 'Where is order A-42?')).toBe('Order A-42 has shipped.');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toMatchObject({
      messages: [
        { role: 'system' },
        { role: 'user' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'get_order' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"orderId":"A-42","status":"shipped"}' },
      ],
    });
  });
  // #endregion tools

  // #region handler
  it('answers each request from a handler when no script is queued', async () => {
    server.handle((request) => {
      const { messages } = request.bodyAs('openai-chat');
      return messages.some((message) => message.role === 'tool')
        ? openai.text('It has shipped.')
        : openai.toolCalls([{ name: 'get_order', arguments: { orderId: 'B-7' } }]);
    });

    expect(await answerCustomer(client, 'Where is order B-7?')).toBe('It has shipped.');
  });
  // #endregion handler

  // #region errors
  it('lets a rate limit through to the caller', async () => {
    server.enqueue(openai.rateLimited({ retryAfterSeconds: 20 }));

    const error = await answerCustomer(client, 'Hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe(
      '20',
    );
  });

  it('succeeds after one retry when the client retries', async () => {
    const retrying = new OpenAI({
      baseURL: server.openaiBaseURL,
      apiKey: 'sk-test',
      maxRetries: 1,
    });
    server.enqueue(openai.rateLimited({ retryAfterMs: 10 }), openai.text('Hello again.'));

    expect(await answerCustomer(retrying, 'Hi')).toBe('Hello again.');
    expect(server.requests.map((request) => request.headers['x-stainless-retry-count'])).toEqual([
      '0',
      '1',
    ]);
  });
  // #endregion errors
});

describe('streamAnswer', () => {
  // #region stream
  it('streams the text and returns the usage', async () => {
    server.enqueue(
      openai.text('It is on its way.', { usage: { promptTokens: 12, completionTokens: 5 } }),
    );
    const pieces: string[] = [];

    const usage = await streamAnswer(client, 'Where is my parcel?', (text) => pieces.push(text));

    expect(pieces).toEqual(['It', ' is', ' on', ' its', ' way.']);
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  });
  // #endregion stream

  // #region faults
  it('gets a short answer when the connection drops mid-stream', async () => {
    server.enqueue(openai.text('It is on its way.', { fault: fault.cut(3) }));
    const pieces: string[] = [];

    const usage = await streamAnswer(client, 'Where is my parcel?', (text) => pieces.push(text));

    // The openai SDK ends quietly on a stream without [DONE]: the app sees a short answer and no usage.
    expect(pieces).toEqual(['It', ' is']);
    expect(usage).toBeUndefined();
  });

  it('times out when the server sends nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const impatient = new OpenAI({
      baseURL: server.openaiBaseURL,
      apiKey: 'sk-test',
      maxRetries: 0,
      timeout: 1_000,
    });
    server.enqueue(openai.text('Too late.', { fault: fault.slowFirstByte(60_000) }));

    const answer = streamAnswer(impatient, 'Hello?', () => undefined).catch(
      (error: unknown) => error,
    );
    // Once the server holds the answer back, move the clock to the SDK's timeout.
    // (waitFor polls in real time: 10 s leaves room for a busy CI machine.)
    await vi.waitFor(
      () => {
        expect(server.paused).toBe(1);
      },
      { timeout: 10_000 },
    );
    await vi.advanceTimersByTimeAsync(1_000);

    expect(await answer).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });
  // #endregion faults
});
