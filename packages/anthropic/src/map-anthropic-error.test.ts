import { transportFailure } from '@org/llm-core/adapter-kit';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  InternalServerError,
} from '@anthropic-ai/sdk';
import { ConnectionError, ResponseValidationError, ServerError, TimeoutError } from '@org/llm-core';
import { findSecretLeaks } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { captureErrorResponses } from './capture-error-responses.ts';
import {
  AnthropicStreamErrorEvent,
  mapAnthropicError,
  type AnthropicErrorContext,
} from './map-anthropic-error.ts';

const key = '3d9a6f0c2e4b81757ac1e0f9b2d46a83';
const context: AnthropicErrorContext = {
  provider: 'anthropic',
  modelId: 'claude-haiku-4-5',
  baseURL: 'https://api.anthropic.com',
  timeoutMs: 5000,
  secrets: [key],
};

// The SDK's errors are built here as the SDK builds them; no module is mocked.
describe('mapAnthropicError', () => {
  it('keeps a redacted copy of an SDK error as cause, never the SDK error with its body and headers', () => {
    const sdkError = new InternalServerError(
      500,
      { type: 'error', error: { type: 'api_error', message: `bad key ${key}` } },
      undefined,
      new Headers({ 'request-id': `req_${key}`, 'x-echo': key }),
    );
    const error = mapAnthropicError(sdkError, context) as ServerError;
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error.cause).not.toBe(sdkError);
    expect(error.cause).toMatchObject({ name: 'InternalServerError', status: 500 });
    expect(findSecretLeaks(error, [key])).toEqual([]);
  });

  it('classifies an error event of the stream from its data, however deep', () => {
    const deep = JSON.parse(
      `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded","d":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
    ) as unknown;
    const error = mapAnthropicError(new AnthropicStreamErrorEvent(deep, undefined), {
      ...context,
      ids: { changed: true, restoreIn: (text: string) => text } as never,
    });
    expect((error as Error).name).toBe('OverloadedError');
  });

  it('maps a timeout, and a failure the transport reported, with redacted causes', () => {
    const timeout = mapAnthropicError(new APIConnectionTimeoutError(), context);
    expect(TimeoutError.isInstance(timeout)).toBe(true);
    const reset = mapAnthropicError(
      transportFailure(new TypeError('terminated', { cause: new Error(`reset ${key}`) })),
      context,
    );
    expect(ConnectionError.isInstance(reset)).toBe(true);
    expect(findSecretLeaks(reset, [key])).toEqual([]);
    const refused = mapAnthropicError(
      new APIConnectionError({ cause: transportFailure(new TypeError('fetch failed')) }),
      context,
    );
    expect(ConnectionError.isInstance(refused)).toBe(true);
  });

  it('never quotes the parser: data that is not JSON is a ResponseValidationError without it', () => {
    let syntax: unknown;
    try {
      JSON.parse(`${key} not json`);
    } catch (error) {
      syntax = error;
    }
    const error = mapAnthropicError(syntax, context);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBeUndefined();
    expect(findSecretLeaks(error, [key])).toEqual([]);
  });

  it('lets a failure of code on the way (a RangeError, a TypeError) surface as itself', () => {
    const bug = new RangeError('Maximum call stack size exceeded');
    expect(mapAnthropicError(bug, context)).toBe(bug);
    const typo = new TypeError("Cannot read properties of undefined (reading 'content')");
    expect(mapAnthropicError(typo, context)).toBe(typo);
    // Thrown inside the fetch wrapper, the SDK calls it a connection error: it is not one.
    expect(mapAnthropicError(new APIConnectionError({ cause: bug }), context)).toBe(bug);
  });
});

describe('captureErrorResponses', () => {
  it('reads every answer outside 2xx, hands the SDK an empty one, keeps the real status and passes successes through', async () => {
    const ok = new Response('{}', { status: 200 });
    // What fetch hands over for HTTP 999: a status the Response constructor refuses.
    const odd999 = {
      status: 999,
      headers: new Headers({ 'content-type': 'application/json' }),
      body: {},
      text: () => Promise.resolve('{"type":"error","error":{"type":"api_error","message":"odd"}}'),
    } as unknown as Response;
    const fetches = [ok, odd999];
    const wrapped = captureErrorResponses(() => Promise.resolve(fetches.shift()!));
    expect(await wrapped('http://x')).toBe(ok);
    const odd = await wrapped('http://x');
    expect(odd.status).toBe(599);
    expect(await odd.text()).toBe('');
    const error = mapAnthropicError(
      new InternalServerError(599, undefined, undefined, odd.headers),
      context,
    );
    expect(error).toMatchObject({ name: 'ServerError', status: 999 });
    expect((error as Error).message).toContain('HTTP 999');
  });
});
