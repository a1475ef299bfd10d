import { transportFailure } from '@org/llm-core/adapter-kit';
import {
  ConnectionError,
  InvalidRequestError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '@org/llm-core';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  BadRequestError,
} from 'openai';
import { describe, expect, it } from 'vitest';
import { captureErrorBodies } from './capture-error-bodies.ts';
import { mapOpenAISdkError, type SdkErrorContext } from './map-openai-sdk-error.ts';

const context: SdkErrorContext = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  baseURL: 'https://api.openai.com/v1',
  secrets: ['sk-secret-0123456789'],
  timeout: (cause) =>
    new TimeoutError('timed out', {
      provider: 'openai',
      modelId: 'gpt-4o-mini',
      phase: 'request',
      timeoutMs: 5,
      cause,
    }),
  capturesErrors: false,
};

// The SDK's errors are built here as the SDK builds them; no module is mocked.
describe('mapOpenAISdkError', () => {
  it('classifies an HTTP error by status, headers and the envelope the SDK parsed, keeping a redacted copy as cause', () => {
    const sdkError = new BadRequestError(
      400,
      { message: 'Unknown parameter: foo.', type: 'invalid_request_error', code: null },
      undefined,
      new Headers({ 'x-request-id': 'req_1' }),
    );
    const error = mapOpenAISdkError(sdkError, context);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, requestId: 'req_1' });
    expect((error as Error).cause).toMatchObject({
      name: 'BadRequestError',
      message: sdkError.message,
      status: 400,
    });
    expect((error as Error).cause).not.toBe(sdkError);
    expect((error as Error).message).toContain('Unknown parameter: foo');
  });

  it('classifies an error object sent inside a stream (no status) by its type', () => {
    const sdkError = new APIError(
      undefined,
      { message: 'The server had an error.', type: 'server_error' },
      undefined,
      new Headers(),
    );
    const error = mapOpenAISdkError(sdkError, context);
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as ServerError).status).toBeUndefined();
    expect((error as Error).message).toContain('inside a successful response');
  });

  it('maps timeouts, connection failures, aborts and unparsable data', () => {
    const timeout = new APIConnectionTimeoutError();
    expect(mapOpenAISdkError(timeout, context)).toMatchObject({
      phase: 'request',
      cause: { name: 'APIConnectionTimeoutError' },
    });
    const refused = new APIConnectionError({
      cause: new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
          code: 'ECONNREFUSED',
        }),
      }),
    });
    const connection = mapOpenAISdkError(refused, context);
    expect(ConnectionError.isInstance(connection)).toBe(true);
    expect((connection as Error).message).toContain(
      '(ECONNREFUSED): Connection error.: fetch failed: connect ECONNREFUSED 127.0.0.1:9. Check baseURL: nothing listens there.',
    );
    const reason = new Error('user cancelled');
    const aborted = new APIUserAbortError();
    Object.defineProperty(aborted, 'cause', { value: reason });
    expect(mapOpenAISdkError(aborted, context)).toBe(reason);
    const syntax = mapOpenAISdkError(
      new SyntaxError('Error reading response: malformed server-sent event JSON.'),
      context,
    );
    expect(ResponseValidationError.isInstance(syntax)).toBe(true);
  });

  it('treats a body read the transport failed (a socket reset mid-body) as a ConnectionError and scrubs keys', () => {
    const error = mapOpenAISdkError(
      transportFailure(new TypeError('terminated: sk-secret-0123456789')),
      context,
    );
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain('sk-secret-0123456789');
    expect((error as ConnectionError).isRetryable).toBe(true);
  });

  it('lets a failure of code on the way (a RangeError, a TypeError) surface as itself', () => {
    const bug = new RangeError('Maximum call stack size exceeded');
    expect(mapOpenAISdkError(bug, context)).toBe(bug);
    const typo = new TypeError("Cannot read properties of undefined (reading 'choices')");
    expect(mapOpenAISdkError(typo, context)).toBe(typo);
    // Thrown inside the fetch wrapper, the SDK calls it a connection error: it is not one.
    const wrapped = new APIConnectionError({ cause: bug });
    expect(mapOpenAISdkError(wrapped, { ...context, capturesErrors: true })).toBe(bug);
    const network = new APIConnectionError({
      cause: transportFailure(new TypeError('fetch failed')),
    });
    expect(
      ConnectionError.isInstance(mapOpenAISdkError(network, { ...context, capturesErrors: true })),
    ).toBe(true);
  });
});

describe('captureErrorBodies', () => {
  it('keeps every answer that is not a success as sent, hands the SDK an empty one, and passes successes through', async () => {
    const ok = new Response('{"id":"x"}', { status: 200 });
    const fetches = [
      ok,
      new Response('{\n  "detail": "bad"\n}', { status: 422, headers: { 'x-request-id': 'r' } }),
      new Response('moved', { status: 302 }),
      new Response(
        new ReadableStream({
          start(controller) {
            controller.error(new Error('socket hang up'));
          },
        }),
        { status: 503 },
      ),
    ];
    const wrapped = captureErrorBodies(async () => Promise.resolve(fetches.shift()!));
    expect(await wrapped('http://x')).toBe(ok);
    const failed = await wrapped('http://x');
    expect(failed.status).toBe(422);
    expect(await failed.text()).toBe('');
    const sdkError = new APIError(422, undefined, undefined, failed.headers);
    expect(mapOpenAISdkError(sdkError, context)).toMatchObject({
      status: 422,
      requestId: 'r',
      responseBody: '{\n  "detail": "bad"\n}',
    });
    const moved = await wrapped('http://x');
    expect(
      mapOpenAISdkError(new APIError(302, undefined, undefined, moved.headers), context),
    ).toMatchObject({
      name: 'InvalidRequestError',
      status: 302,
      responseBody: 'moved',
    });
    const broken = await wrapped('http://x');
    expect(broken.status).toBe(503);
    expect(await broken.text()).toBe('');
  });

  it('marks a failure of the fetch itself as the transport’s', async () => {
    const failure = new TypeError('fetch failed');
    const wrapped = captureErrorBodies(() => Promise.reject(failure));
    const error: unknown = await wrapped('http://x').catch((caught: unknown) => caught);
    expect(error).toBe(failure);
    const mapped = mapOpenAISdkError(new APIConnectionError({ cause: failure }), {
      ...context,
      capturesErrors: true,
    });
    expect(ConnectionError.isInstance(mapped)).toBe(true);
  });
});
