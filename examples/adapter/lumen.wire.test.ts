// docs/guides/writing-an-adapter.md, "Testing at the wire".
import {
  ConnectionError,
  OverloadedError,
  RateLimitError,
  StreamInterruptedError,
  UnsupportedFeatureError,
} from '@org/llm-core';
import { withResilience } from '@org/llm-resilience';
import { findSecretLeaks } from '@org/llm-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLumen } from './create-lumen.ts';
import { startFakeLumenServer, type FakeLumenServer } from './fake-lumen-server.ts';

let server: FakeLumenServer;
beforeAll(async () => {
  server = await startFakeLumenServer();
});
afterAll(() => server.close());

const apiKey = 'lumen-7Qx2vR9kTz4pW8mB';
const lumen = (modelId = 'lumen-large', strict = false) =>
  createLumen({ baseURL: server.url, apiKey })(modelId, { strict });

describe('the Lumen adapter at the wire', () => {
  it('sends what Lumen expects and reports what it left out', async () => {
    server.answer(() => ({
      status: 200,
      json: { id: 'gen-1', output: { text: 'Hi!' }, stop_reason: 'end', usage: {} },
    }));

    const result = await lumen().generate({
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Answer in English.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      ],
      maxOutputTokens: 50,
      topP: 0.9,
    });

    expect(server.requests.at(-1)!.body).toEqual({
      model: 'lumen-large',
      system: 'Be brief.\n\nAnswer in English.',
      messages: [{ role: 'user', text: 'Hello' }],
      max_tokens: 50,
      stream: false,
    });
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(result.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'topP',
        details: 'Lumen has no nucleus sampling; not sent.',
      },
    ]);
    // Lumen sent no token counts: undefined, never NaN.
    expect(result.usage.inputTokens).toBeUndefined();
  });

  it('refuses in strict mode what it would otherwise leave out, before sending anything', async () => {
    const sent = server.requests.length;
    const error = await lumen('lumen-large', true)
      .generate({ messages: [{ role: 'user', content: 'Hello' }], topP: 0.9 })
      .catch((caught: unknown) => caught);

    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect(server.requests.length).toBe(sent);
  });

  it('fails on content it cannot read instead of dropping it', async () => {
    const error = await lumen()
      .generate({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', url: 'https://example.com/cat.png' }],
          },
        ],
      })
      .catch((caught: unknown) => caught);

    expect(UnsupportedFeatureError.isInstance(error) && error.message).toBe(
      "lumen 'lumen-large' reads text only and cannot take image parts; remove them from the messages or use another model.",
    );
  });

  it('turns a 429 into a RateLimitError with the wait the server asked for, which resilience honours', async () => {
    let calls = 0;
    server.answer(() =>
      ++calls === 1
        ? {
            status: 429,
            headers: { 'retry-after-ms': '20' },
            json: { error: { type: 'rate_limit_error', message: 'Slow down.' } },
          }
        : { status: 200, json: { id: 'gen-2', output: { text: 'Done.' }, stop_reason: 'end' } },
    );

    const error = await lumen()
      .generate({ messages: [{ role: 'user', content: 'Hello' }] })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && [error.isRetryable, error.retryAfterMs]).toEqual([
      true,
      20,
    ]);

    calls = 0;
    const model = withResilience(lumen(), { retry: { maxAttempts: 2, random: () => 0 } });
    expect((await model.generate({ messages: [{ role: 'user', content: 'Hello' }] })).text).toBe(
      'Done.',
    );
    expect(calls).toBe(2);
  });

  it('ends a stream cut after its first words with StreamInterruptedError and the text so far', async () => {
    server.answer(() => ({
      events: [
        { type: 'start', id: 'gen-3' },
        { type: 'delta', text: 'The answer' },
      ],
    }));
    const stream = await lumen().stream({ messages: [{ role: 'user', content: 'Hello' }] });

    const error = await stream.final().catch((caught: unknown) => caught);
    expect(StreamInterruptedError.isInstance(error) && error.partialText).toBe('The answer');
  });

  it('rejects stream() with the classified error of an error event before any content', async () => {
    server.answer(() => ({
      events: [{ type: 'error', error: { type: 'overloaded_error', message: 'Busy.' } }],
    }));

    await expect(
      lumen().stream({ messages: [{ role: 'user', content: 'Hello' }] }),
    ).rejects.toSatisfy((error: unknown) => OverloadedError.isInstance(error));
  });

  it('keeps the key out of every error, even when the server echoes it', async () => {
    server.answer((request) => ({
      status: 401,
      headers: { 'x-request-id': String(request.headers.authorization) },
      json: { error: { type: 'authentication_error', message: `Bad key ${apiKey}` } },
    }));

    const error = await lumen()
      .generate({ messages: [{ role: 'user', content: 'Hello' }] })
      .catch((caught: unknown) => caught);

    expect(findSecretLeaks(error, [apiKey])).toEqual([]);
  });

  it('reports a server that is not there as a ConnectionError', async () => {
    const gone = await startFakeLumenServer();
    await gone.close();
    const model = createLumen({ baseURL: gone.url, apiKey })('lumen-large');

    const error = await model
      .generate({ messages: [{ role: 'user', content: 'Hello' }] })
      .catch((caught: unknown) => caught);

    expect(ConnectionError.isInstance(error) && error.isRetryable).toBe(true);
    expect(findSecretLeaks(error, [apiKey])).toEqual([]);
  });
});
