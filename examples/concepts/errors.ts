// docs/concepts/errors.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/errors.ts`.
import {
  AuthenticationError,
  ContextLengthExceededError,
  LlmError,
  RateLimitError,
  type ChatModel,
} from '@org/llm-core';
import {
  classifyErrorPayload,
  classifyHttpFailure,
  parseRetryAfter,
  redactError,
  redactSecrets,
} from '@org/llm-core/adapter-kit';
import { MockChatModel } from '@org/llm-testkit';

/** Branch on the class with `isInstance`; most specific class first. */
export async function answerOrExplain(model: ChatModel, question: string): Promise<string> {
  try {
    const result = await model.generate({ messages: [{ role: 'user', content: question }] });
    return result.text;
  } catch (error) {
    if (ContextLengthExceededError.isInstance(error)) {
      return 'This conversation is too long. Please start a new one.';
    }
    if (RateLimitError.isInstance(error) && error.kind === 'quota-exhausted') {
      return 'The service is out of credit.';
    }
    if (LlmError.isInstance(error) && error.isRetryable) {
      return `Busy. Try again in ${error.retryAfterMs ?? 1000} ms.`;
    }
    throw error;
  }
}

/** Branch on `code`: the `never` check makes a new code a compile error here. */
export function httpStatusFor(error: LlmError): number {
  switch (error.code) {
    case 'invalid-request':
    case 'context-length-exceeded':
    case 'content-filter':
    case 'structured-output':
    case 'unsupported-feature':
      return 400;
    case 'rate-limit':
    case 'circuit-open':
      return 429;
    case 'overloaded':
      return 503;
    case 'timeout':
      return 504;
    case 'conversation-conflict':
      return 409;
    case 'conversation-data':
      return 500;
    case 'authentication':
    case 'permission-denied':
    case 'not-found':
    case 'config':
    case 'server':
    case 'connection':
    case 'response-validation':
    case 'stream-interrupted':
    case 'stream-consumed':
    case 'all-attempts-failed':
      return 502;
    default:
      return error.code satisfies never;
  }
}

/** One line for structured logs: `toJSON()` leaves out the cause, the stack and the body. */
export function logLine(error: unknown): string {
  return LlmError.isInstance(error) ? JSON.stringify(error) : String(error);
}

/** What adapters do with a failed HTTP response. */
export function classifyExamples(): LlmError[] {
  const context = { provider: 'openai', modelId: 'gpt-6-luna' };
  return [
    classifyHttpFailure(
      429,
      { 'retry-after': '2', 'x-request-id': 'req_123' },
      { error: { message: 'Rate limit reached for requests', type: 'requests' } },
      context,
    ),
    classifyHttpFailure(
      429,
      {},
      { error: { message: 'You exceeded your current quota.', code: 'insufficient_quota' } },
      context,
    ),
    classifyHttpFailure(
      400,
      {},
      { error: { message: 'Too long.', code: 'context_length_exceeded' } },
      context,
    ),
    classifyHttpFailure(529, { 'x-should-retry': 'false' }, 'Overloaded', {
      provider: 'anthropic',
    }),
    classifyErrorPayload(
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      undefined,
      { provider: 'anthropic', modelId: 'claude-sonnet-5-5' },
    ),
  ];
}

/** `parseRetryAfter` in milliseconds; the first header that parses wins. */
export function retryAfterExamples(): (number | undefined)[] {
  const inSeconds = (seconds: number): string =>
    new Date(Date.now() + seconds * 1000).toISOString();
  return [
    parseRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '10' }),
    parseRetryAfter({ 'retry-after': '10' }),
    parseRetryAfter({ 'retry-after': new Date(Date.now() + 30_000).toUTCString() }),
    parseRetryAfter({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '6m0s',
      'x-ratelimit-remaining-tokens': '1000',
      'x-ratelimit-reset-tokens': '20ms',
    }),
    parseRetryAfter({
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': inSeconds(60),
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-tokens-reset': inSeconds(5),
    }),
    parseRetryAfter({
      'x-ratelimit-remaining-requests': '42',
      'x-ratelimit-reset-requests': '40ms',
      'x-ratelimit-remaining-tokens': '149000',
      'x-ratelimit-reset-tokens': '0s',
    }),
    parseRetryAfter({}),
  ];
}

/** What the classifier makes of a proxy's HTML page and of odd statuses. */
export function oddAnswerExamples(): string[] {
  const page =
    '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
  return [
    classifyHttpFailure(502, { 'content-type': 'text/html' }, page, { provider: 'openai' }).message,
    classifyHttpFailure(302, {}, '', { provider: 'openai' }).name,
    classifyHttpFailure(999, {}, '', { provider: 'openai' }).name,
  ];
}

/** Keys never reach messages, bodies or logs. */
export function redactionExamples(): string[] {
  const error = new AuthenticationError('Incorrect API key provided: sk-proj-abc123***wxyz.', {
    provider: 'openai',
  });
  return [
    error.message,
    redactSecrets('proxy echoed: Bearer eyJhbGciOi.payload.sig'),
    redactSecrets('upstream said: key=tenant-secret-42', ['tenant-secret-42']),
    // A vendor error, copied for `cause`: class name, status and redacted message and stack only.
    redactError(
      Object.assign(new Error('401 bad key tenant-secret-42'), {
        status: 401,
        body: '{"key":"tenant-secret-42"}',
      }),
      ['tenant-secret-42'],
    ).message,
  ];
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const failing = (error: unknown): MockChatModel => new MockChatModel({ responses: [{ error }] });
  const classified = classifyExamples();
  return {
    answers: [
      await answerOrExplain(failing(new ContextLengthExceededError('Too long.')), 'Hi'),
      await answerOrExplain(
        failing(new RateLimitError('No credit.', { kind: 'quota-exhausted' })),
        'Hi',
      ),
      await answerOrExplain(
        failing(new RateLimitError('Slow down.', { kind: 'throttled', retryAfterMs: 1200 })),
        'Hi',
      ),
      await answerOrExplain(new MockChatModel({ responses: ['Hello!'] }), 'Hi'),
    ],
    statuses: classified.map(httpStatusFor),
    classified: classified.map((error) => ({
      name: error.name,
      status: error.status,
      isRetryable: error.isRetryable,
      retryAfterMs: error.retryAfterMs,
      requestId: error.requestId,
      kind: RateLimitError.isInstance(error) ? error.kind : undefined,
    })),
    firstMessage: classified[0]?.message,
    log: logLine(classified[0]),
    retryAfter: retryAfterExamples(),
    oddAnswers: oddAnswerExamples(),
    redacted: redactionExamples(),
  };
}

if (import.meta.main) console.log(await main());
