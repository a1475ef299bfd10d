import { describe, expect, it } from 'vitest';
import {
  classifyErrorPayload,
  classifyHttpFailure,
  statusForErrorType,
} from './classify-http-failure.ts';
import type { LlmError } from './llm-error.ts';
import { RateLimitError } from './provider-errors.ts';

const now = Date.parse('2026-11-25T12:00:00Z');
const openaiError = (
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
) => ({
  error: { message, type, param, code },
});
const anthropicError = (type: string, message: string) => ({
  type: 'error',
  error: { type, message },
  request_id: 'req_011CYK5mje9HkutJtmfPzzNC',
});

interface Row {
  readonly name: string;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
  readonly expected: {
    readonly name: string;
    readonly retryable: boolean;
    readonly retryAfterMs?: number;
    readonly kind?: 'throttled' | 'quota-exhausted';
  };
}

const rows: Row[] = [
  {
    name: 'OpenAI 400 unsupported parameter (recorded body)',
    status: 400,
    body: openaiError(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'invalid_request_error',
      'unsupported_parameter',
      'max_tokens',
    ),
    expected: { name: 'InvalidRequestError', retryable: false },
  },
  {
    name: 'OpenAI 400 context_length_exceeded',
    status: 400,
    body: openaiError(
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens.",
      'invalid_request_error',
      'context_length_exceeded',
      'messages',
    ),
    expected: { name: 'ContextLengthExceededError', retryable: false },
  },
  {
    name: 'Anthropic 400 prompt is too long',
    status: 400,
    body: anthropicError(
      'invalid_request_error',
      'prompt is too long: 215321 tokens > 200000 maximum',
    ),
    expected: { name: 'ContextLengthExceededError', retryable: false },
  },
  {
    name: 'Anthropic 400 input plus max_tokens over the limit',
    status: 400,
    body: anthropicError(
      'invalid_request_error',
      'input length and `max_tokens` exceed context limit: 198000 + 21333 > 200000, decrease input length or `max_tokens` and try again',
    ),
    expected: { name: 'ContextLengthExceededError', retryable: false },
  },
  {
    name: 'Azure 400 content filter',
    status: 400,
    body: openaiError(
      'The response was filtered due to the prompt triggering content management policy.',
      'invalid_request_error',
      'content_filter',
    ),
    expected: { name: 'ContentFilterError', retryable: false },
  },
  {
    name: 'Anthropic 400 credit balance too low',
    status: 400,
    body: anthropicError(
      'invalid_request_error',
      'Your credit balance is too low to access the Anthropic API.',
    ),
    expected: { name: 'RateLimitError', retryable: false, kind: 'quota-exhausted' },
  },
  {
    name: 'OpenAI 401 invalid key',
    status: 401,
    body: openaiError(
      'Incorrect API key provided: sk-proj-abcdefghijk. You can find your API key at ...',
      'invalid_request_error',
      'invalid_api_key',
    ),
    expected: { name: 'AuthenticationError', retryable: false },
  },
  {
    name: 'Anthropic 402 billing',
    status: 402,
    body: anthropicError('billing_error', 'Payment required'),
    expected: { name: 'RateLimitError', retryable: false, kind: 'quota-exhausted' },
  },
  {
    name: 'Anthropic 403 permission',
    status: 403,
    body: anthropicError(
      'permission_error',
      'Your API key does not have permission to use the specified resource.',
    ),
    expected: { name: 'PermissionDeniedError', retryable: false },
  },
  {
    name: 'OpenAI 404 model_not_found',
    status: 404,
    body: openaiError(
      'The model `gpt-5-turbo-x` does not exist or you do not have access to it.',
      'invalid_request_error',
      'model_not_found',
    ),
    expected: { name: 'NotFoundError', retryable: false },
  },
  {
    name: 'Anthropic 404 model (recorded)',
    status: 404,
    body: anthropicError('not_found_error', 'model: claude-sonet-4-5'),
    expected: { name: 'NotFoundError', retryable: false },
  },
  {
    name: '408 request timeout',
    status: 408,
    body: '',
    expected: { name: 'TimeoutError', retryable: true },
  },
  {
    name: '409 conflict',
    status: 409,
    body: '',
    expected: { name: 'ServerError', retryable: true },
  },
  {
    name: 'Anthropic 413 request too large',
    status: 413,
    body: anthropicError(
      'request_too_large',
      'Request exceeds the maximum allowed number of bytes.',
    ),
    expected: { name: 'InvalidRequestError', retryable: false },
  },
  {
    name: '422 unprocessable',
    status: 422,
    body: { detail: 'bad field' },
    expected: { name: 'InvalidRequestError', retryable: false },
  },
  {
    name: 'OpenAI 429 throttled with retry-after-ms',
    status: 429,
    headers: { 'retry-after-ms': '1200', 'retry-after': '2', 'x-request-id': 'req_openai_1' },
    body: openaiError(
      'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.',
      'requests',
      'rate_limit_exceeded',
    ),
    expected: { name: 'RateLimitError', retryable: true, retryAfterMs: 1200, kind: 'throttled' },
  },
  {
    name: 'OpenAI 429 throttled with only x-ratelimit reset headers',
    status: 429,
    headers: { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' },
    body: openaiError(
      'Rate limit reached on tokens per min (TPM).',
      'tokens',
      'rate_limit_exceeded',
    ),
    expected: { name: 'RateLimitError', retryable: true, retryAfterMs: 360_000, kind: 'throttled' },
  },
  {
    name: 'OpenAI 429 insufficient_quota',
    status: 429,
    body: openaiError(
      'You exceeded your current quota, please check your plan and billing details.',
      'insufficient_quota',
      'insufficient_quota',
    ),
    expected: { name: 'RateLimitError', retryable: false, kind: 'quota-exhausted' },
  },
  {
    name: 'Anthropic 429 with retry-after and x-should-retry (recorded body)',
    status: 429,
    headers: { 'retry-after': '14', 'x-should-retry': 'true' },
    body: anthropicError(
      'rate_limit_error',
      "This request would exceed your organization's rate limit of 20,000,000 prompt bytes per hour. Please reduce the prompt length or the maximum tokens requested, or try again later.",
    ),
    expected: { name: 'RateLimitError', retryable: true, retryAfterMs: 14_000, kind: 'throttled' },
  },
  {
    name: 'Anthropic 429 with reset timestamps',
    status: 429,
    headers: {
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-11-25T12:00:03Z',
    },
    body: anthropicError(
      'rate_limit_error',
      'Number of requests has exceeded your per-minute rate limit',
    ),
    expected: { name: 'RateLimitError', retryable: true, retryAfterMs: 3000, kind: 'throttled' },
  },
  {
    name: '500 server error',
    status: 500,
    body: openaiError('The server had an error while processing your request.', 'server_error'),
    expected: { name: 'ServerError', retryable: true },
  },
  {
    name: '502 bad gateway (HTML body)',
    status: 502,
    body: '<html><body>502 Bad Gateway</body></html>',
    expected: { name: 'ServerError', retryable: true },
  },
  {
    name: '503 service unavailable',
    status: 503,
    headers: { 'retry-after': '5' },
    body: 'upstream overloaded',
    expected: { name: 'OverloadedError', retryable: true, retryAfterMs: 5000 },
  },
  {
    name: '504 gateway timeout',
    status: 504,
    body: anthropicError('timeout_error', 'Request timeout'),
    expected: { name: 'TimeoutError', retryable: true },
  },
  {
    name: 'Anthropic 529 overloaded',
    status: 529,
    body: anthropicError('overloaded_error', 'Overloaded'),
    expected: { name: 'OverloadedError', retryable: true },
  },
  {
    name: 'OpenAI reset headers on a 500 do not become a wait',
    status: 500,
    headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20ms' },
    body: '',
    expected: { name: 'ServerError', retryable: true },
  },
  {
    name: 'OpenAI reset headers on a quota 429 do not become a wait',
    status: 429,
    headers: { 'x-ratelimit-reset-tokens': '6m0s' },
    body: openaiError(
      'You exceeded your current quota.',
      'insufficient_quota',
      'insufficient_quota',
    ),
    expected: { name: 'RateLimitError', retryable: false, kind: 'quota-exhausted' },
  },
  {
    name: 'x-should-retry false overrides a 500',
    status: 500,
    headers: { 'x-should-retry': 'false' },
    body: '',
    expected: { name: 'ServerError', retryable: false },
  },
  {
    name: 'x-should-retry true overrides a 400',
    status: 400,
    headers: { 'x-should-retry': 'true' },
    body: '',
    expected: { name: 'InvalidRequestError', retryable: true },
  },
  {
    name: 'unknown 4xx',
    status: 418,
    body: 'teapot',
    expected: { name: 'InvalidRequestError', retryable: false },
  },
];

describe('classifyHttpFailure', () => {
  it.each(rows)('$name', ({ status, headers, body, expected }) => {
    const error = classifyHttpFailure(status, headers, body, {
      provider: 'openai',
      modelId: 'gpt-4o',
      now,
    });
    expect(error.name).toBe(expected.name);
    expect(error.isRetryable).toBe(expected.retryable);
    expect(error.retryAfterMs).toBe(expected.retryAfterMs);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('openai');
    expect(error.modelId).toBe('gpt-4o');
    if (expected.kind !== undefined)
      expect(RateLimitError.isInstance(error) && error.kind).toBe(expected.kind);
  });

  it('accepts the body as raw JSON text', () => {
    const error = classifyHttpFailure(
      404,
      {},
      JSON.stringify(anthropicError('not_found_error', 'model: x')),
    );
    expect(error.name).toBe('NotFoundError');
    expect(error.requestId).toBe('req_011CYK5mje9HkutJtmfPzzNC');
  });

  it('keeps the response headers, without cookies', () => {
    const error = classifyHttpFailure(
      429,
      { 'X-RateLimit-Remaining-Tokens': '0', 'set-cookie': '__cf_bm=secret' },
      openaiError('slow down', 'tokens', 'rate_limit_exceeded'),
    );
    expect(error.headers).toEqual({ 'x-ratelimit-remaining-tokens': '0' });
    expect(classifyHttpFailure(500, undefined, '').headers).toBeUndefined();
    expect(
      classifyErrorPayload({ error: { type: 'server_error' } }, { a: 'b' }).headers,
    ).toBeUndefined();
  });

  it('prefers the request id header', () => {
    expect(classifyHttpFailure(500, { 'x-request-id': 'req_h' }, {}).requestId).toBe('req_h');
    expect(classifyHttpFailure(500, { 'request-id': 'req_a' }, {}).requestId).toBe('req_a');
  });

  it('writes a message that says what happened and what to do, without the key', () => {
    const error = classifyHttpFailure(
      401,
      {},
      openaiError(
        'Incorrect API key provided: sk-proj-abcdefghijk.',
        'invalid_request_error',
        'invalid_api_key',
      ),
      { provider: 'openai', modelId: 'gpt-4o', secrets: ['sk-proj-abcdefghijk'] },
    );
    expect(error.message).toMatchInlineSnapshot(
      `"openai returned HTTP 401 (model 'gpt-4o'): Incorrect API key provided: [redacted]. Check the API key configured for openai."`,
    );
    expect(error.responseBody).not.toContain('sk-proj');
  });

  it('says how long to wait for throttling', () => {
    const error = classifyHttpFailure(
      429,
      { 'retry-after': '2' },
      openaiError('Slow down', 'requests'),
      { provider: 'groq' },
    );
    expect(error.message).toContain('Rate limited');
    expect(error.message).toContain('wait 2.0s');
  });

  it('keeps a redacted copy of the cause, never the vendor object', () => {
    class VendorError extends Error {
      readonly status = 401;
      readonly error = { message: 'bad key 0123456789abcdef0123456789abcdef' };
      readonly headers = { authorization: 'Bearer 0123456789abcdef0123456789abcdef' };
    }
    const key = '0123456789abcdef0123456789abcdef';
    const vendor = new VendorError(`401 bad key ${key}`, { cause: new TypeError(`echo ${key}`) });
    const cause = classifyHttpFailure(401, {}, '', { cause: vendor, secrets: [key] })
      .cause as Error;
    expect(cause).not.toBe(vendor);
    expect(cause).toMatchObject({
      name: 'VendorError',
      message: '401 bad key [redacted]',
      status: 401,
    });
    expect(Object.keys(cause)).toEqual(['status']);
    expect(cause.stack).toContain('VendorError: 401 bad key [redacted]');
    expect(cause.stack).not.toContain(key);
    expect((cause.cause as Error).message).toBe('echo [redacted]');
  });

  it('redacts the request id and the headers', () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const error = classifyHttpFailure(
      401,
      { 'x-request-id': `req_${key}`, 'www-authenticate': `Basic key=${key}` },
      'no',
      { secrets: [key] },
    );
    expect(error.requestId).toBe('req_[redacted]');
    expect(error.headers).toEqual({
      'x-request-id': 'req_[redacted]',
      'www-authenticate': 'Basic key=[redacted]',
    });
    expect(JSON.stringify(error.toJSON())).not.toContain(key);
  });

  it('redacts a plain-text body before cutting it, so a key across the cut is still found', () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    // The key starts at character 495: a cut at 500 before redaction kept 'a1b2c'.
    const body = `${'x'.repeat(495)}${key} rest of the page`;
    const error = classifyHttpFailure(401, { 'content-type': 'text/plain' }, body, {
      secrets: [key],
    });
    expect(error.message).not.toContain('a1b2c');
    expect(error.responseBody).not.toContain('a1b2c');
    expect(error.responseBody).toContain('[redacted] rest of the page');
  });

  it('gives an HTML error page as its title, and keeps the page as the body', () => {
    const page =
      '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>h1{color:red}</style></head>' +
      '<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>';
    const error = classifyHttpFailure(502, { 'content-type': 'text/html' }, page, {
      provider: 'openai',
    });
    expect(error.message).toBe(
      'openai returned HTTP 502: an HTML page titled "502 Bad Gateway". The provider failed; retrying may succeed.',
    );
    expect(error.responseBody).toBe(page);
    expect(error.status).toBe(502);
  });

  it('gives an HTML page without a title as its visible text, scripts and styles left out', () => {
    const page = `<html><body><script>var key = "x";</script><p>Sign in to the Wi-Fi &amp; accept the terms</p>${'<p>more</p>'.repeat(200)}</body></html>`;
    const error = classifyHttpFailure(403, {}, page, { provider: 'openai' });
    expect(error.message).toMatch(
      /^openai returned HTTP 403: an HTML page: "Sign in to the Wi-Fi & accept the terms more more .*\.\.\."\. The API key/,
    );
    expect(error.message).not.toContain('<');
    expect(error.message).not.toContain('var key');
  });

  it('classifies an error payload nested thousands of levels deep by its status', () => {
    const deep = `{"error":{"message":"deep","type":"server_error","details":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const fromText = classifyHttpFailure(429, {}, deep, { provider: 'openai' });
    expect(fromText.name).toBe('RateLimitError');
    expect(fromText.status).toBe(429);
    expect(fromText.responseBody).toHaveLength(2000);
    const parsed = JSON.parse(deep) as unknown;
    const fromObject = classifyHttpFailure(400, {}, parsed, { provider: 'openai' });
    expect(fromObject.name).toBe('InvalidRequestError');
    expect(fromObject.message).toContain(': deep.');
    expect(fromObject.responseBody).toBeUndefined();
    const inBand = classifyErrorPayload(parsed, undefined, { provider: 'openai' });
    expect(inBand.name).toBe('ServerError');
  });

  it.each<[number, string, boolean]>([
    [300, 'InvalidRequestError', false],
    [302, 'InvalidRequestError', false],
    [304, 'InvalidRequestError', false],
    [399, 'InvalidRequestError', false],
    [418, 'InvalidRequestError', false],
    [499, 'InvalidRequestError', false],
    [599, 'ServerError', true],
    [600, 'ServerError', true],
    [999, 'ServerError', true],
  ])('maps HTTP %d to %s with the status set', (status, name, retryable) => {
    const error = classifyHttpFailure(status, {}, '', { provider: 'openai' });
    expect(error.name).toBe(name);
    expect(error.isRetryable).toBe(retryable);
    expect(error.status).toBe(status);
  });

  it('says a 3xx is a redirect that was not followed', () => {
    expect(classifyHttpFailure(302, {}, '', { provider: 'openai' }).message).toBe(
      'openai returned HTTP 302. A redirect that was not followed (it names no usable location): check the base URL.',
    );
  });
});

describe('classifyErrorPayload (in-band stream errors)', () => {
  it.each<[string, unknown, string, boolean]>([
    [
      'Anthropic overloaded_error',
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      'OverloadedError',
      true,
    ],
    [
      'Anthropic api_error',
      { type: 'error', error: { type: 'api_error', message: 'Internal server error' } },
      'ServerError',
      true,
    ],
    [
      'OpenAI server_error',
      { error: { message: 'The server had an error', type: 'server_error', code: null } },
      'ServerError',
      true,
    ],
    [
      'OpenAI rate limit in stream',
      { error: { message: 'Rate limit', type: 'requests', code: 'rate_limit_exceeded' } },
      'RateLimitError',
      true,
    ],
    [
      'invalid request in stream',
      { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } },
      'InvalidRequestError',
      false,
    ],
  ])('%s', (_name, payload, expectedName, retryable) => {
    const error: LlmError = classifyErrorPayload(payload, undefined, { provider: 'anthropic' });
    expect(error.name).toBe(expectedName);
    expect(error.isRetryable).toBe(retryable);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('sent an error inside a successful response');
  });

  it.each<[string | undefined, number]>([
    ['invalid_request_error', 400],
    ['authentication_error', 401],
    ['billing_error', 402],
    ['permission_error', 403],
    ['not_found_error', 404],
    ['request_too_large', 413],
    ['rate_limit_error', 429],
    ['timeout_error', 504],
    ['overloaded_error', 529],
    ['api_error', 500],
    [undefined, 500],
  ])('maps type %s to HTTP %d', (type, status) => {
    expect(statusForErrorType(type)).toBe(status);
  });
});
