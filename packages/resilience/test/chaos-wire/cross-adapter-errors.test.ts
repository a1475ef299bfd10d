// What every adapter must agree on, whatever wire and transport: the same
// bytes give the same error class, status and message; no API key echoed by
// the server is reachable from an error, also once the resilience layers have
// wrapped it; and a 429's reset headers of limits with room left never
// shorten the normal backoff.
import {
  AllAttemptsFailedError,
  LlmError,
  RateLimitError,
  type ChatModel,
  type ChatRequest,
} from '@org/llm-core';
import {
  anthropic,
  createFakeProviderServer,
  fault,
  findSecretLeaks,
  openai,
  type FakeProviderServer,
  type FakeScript,
} from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withFallback, withRetry, type RetryEvent } from '../../src/index.ts';
import {
  anthropicTarget,
  openAIHttpFetchTarget,
  openAIHttpTarget,
  openAISdkTarget,
  wireTargetApiKey,
  type WireTarget,
} from './wire-targets.ts';

const targets: readonly WireTarget[] = [
  openAIHttpTarget,
  openAIHttpFetchTarget,
  openAISdkTarget,
  anthropicTarget,
];
const question: ChatRequest = { messages: [{ role: 'user', content: 'What is the answer?' }] };

let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterEach(() => {
  const pending = server.pendingScripts;
  server.reset();
  if (pending > 0) throw new Error(`${pending} enqueued script(s) were never requested.`);
});
afterAll(() => server.close());

/** The same status, headers and body on the target's wire. */
function rawAnswer(
  target: WireTarget,
  answer: { readonly status: number; readonly body: string; readonly contentType?: string },
): FakeScript {
  const options = {
    status: answer.status,
    body: answer.body,
    headers: answer.contentType === undefined ? undefined : { 'content-type': answer.contentType },
  };
  return target.wire === 'openai' ? openai.raw(options) : anthropic.raw(options);
}

async function failureOf(model: ChatModel, call: 'generate' | 'stream'): Promise<unknown> {
  try {
    if (call === 'generate') await model.generate(question);
    else await (await model.stream(question)).final();
  } catch (error) {
    return error;
  }
  throw new Error(`${call} succeeded; a failure was expected`);
}

const deep = (depth: number): string =>
  `{"error":{"type":"invalid_request_error","message":"deeply nested","details":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

describe('the same bytes give the same error on every adapter, transport and call', () => {
  it.each([
    { status: 302, body: 'Found', expected: 'InvalidRequestError' },
    { status: 304, body: '', expected: 'InvalidRequestError' },
    { status: 418, body: "I'm a teapot", expected: 'InvalidRequestError' },
    { status: 600, body: '{"error":{"message":"odd status"}}', expected: 'ServerError' },
    { status: 999, body: '{"error":{"message":"odd status"}}', expected: 'ServerError' },
    {
      status: 502,
      body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
      contentType: 'text/html',
      expected: 'ServerError',
    },
    {
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers',
      contentType: 'text/plain',
      expected: 'OverloadedError',
    },
    { status: 400, body: deep(100_000), expected: 'InvalidRequestError' },
  ])('HTTP $status: $expected', async (answer) => {
    const outcomes: unknown[] = [];
    for (const target of targets) {
      const { primary } = target.createModels(server);
      for (const call of ['generate', 'stream'] as const) {
        server.enqueue(rawAnswer(target, answer));
        const error = await failureOf(primary, call);
        if (!LlmError.isInstance(error))
          throw new Error(`${target.name} ${call}: not an LlmError: ${String(error)}`);
        expect(error.name, `${target.name} ${call}`).toBe(answer.expected);
        expect(error.status, `${target.name} ${call}`).toBe(answer.status);
        outcomes.push({
          name: error.name,
          status: error.status,
          isRetryable: error.isRetryable,
          retryAfterMs: error.retryAfterMs,
          responseBody: error.responseBody,
          // The provider id and model id differ by target; the rest of the message may not.
          message: error.message
            .replace(primary.provider, '<provider>')
            .replace(primary.modelId, '<model>'),
        });
      }
    }
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
  });
});

describe.each(targets)('$name: no key reachable through the resilience layers', (target) => {
  const echoing = (script: FakeScript): FakeScript => ({
    ...script,
    faults: [...script.faults, fault.echoKey()],
  });
  const serverError = (): FakeScript =>
    echoing(
      target.wire === 'openai'
        ? openai.error(500, { message: 'The server had an error' })
        : anthropic.error(500, { message: 'Internal server error' }),
    );

  it('holds no key in an AllAttemptsFailedError, its attempts and their causes', async () => {
    const { primary, secondary } = target.createModels(server);
    const model = withFallback([primary, secondary]);
    for (const call of ['generate', 'stream'] as const) {
      server.enqueue(serverError(), serverError());
      const error = await failureOf(model, call);
      if (!AllAttemptsFailedError.isInstance(error))
        throw new Error(`expected an AllAttemptsFailedError, got ${String(error)}`);
      expect(error.attempts.map((attempt) => (attempt.error as Error).name)).toEqual([
        'ServerError',
        'ServerError',
      ]);
      expect(findSecretLeaks(error, [wireTargetApiKey])).toEqual([]);
    }
  });

  it('holds no key in the last error of exhausted retries', async () => {
    const model = withRetry(target.createModels(server).primary, {
      maxAttempts: 2,
      initialDelayMs: 1,
      random: () => 0,
    });
    server.enqueue(serverError(), serverError());
    const error = await failureOf(model, 'generate');
    expect((error as Error).name).toBe('ServerError');
    expect(findSecretLeaks(error, [wireTargetApiKey])).toEqual([]);
  });

  it('waits the normal backoff after a 429 whose reset headers are of limits with room left', async () => {
    const model = withRetry(target.createModels(server).primary, {
      maxAttempts: 2,
      initialDelayMs: 40,
      random: () => 0.5,
    });
    const retries: RetryEvent[] = [];
    model.events.onRetry((event) => retries.push(event));
    server.enqueue(
      // Requests and tokens both have room left; their resets say when they refill, not when to retry.
      target.wire === 'openai'
        ? openai.rateLimited({
            remainingRequests: 42,
            resetRequests: '40ms',
            remainingTokens: 150_000,
            resetTokens: '0s',
          })
        : anthropic.rateLimited({
            requestsRemaining: 42,
            requestsReset: new Date(Date.now() + 40).toISOString(),
            tokensReset: new Date(Date.now()).toISOString(),
          }),
      target.wire === 'openai' ? openai.text('Answer') : anthropic.text('Answer'),
    );
    expect((await model.generate(question)).text).toBe('Answer');
    expect(retries).toHaveLength(1);
    expect(RateLimitError.isInstance(retries[0]!.error)).toBe(true);
    expect(retries[0]!.retryAfterMs).toBeUndefined();
    // Equal jitter on a 40 ms cap with random() = 0.5: 20 + 0.5 × 20.
    expect(retries[0]!.delayMs).toBe(30);
  });
});
