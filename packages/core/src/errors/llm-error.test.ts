import { describe, expect, it, vi } from 'vitest';
import { LlmError } from './llm-error.ts';
import type * as providerErrors from './provider-errors.ts';
import {
  ContextLengthExceededError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
} from './provider-errors.ts';
import {
  AllAttemptsFailedError,
  CircuitOpenError,
  ConversationConflictError,
} from './library-errors.ts';
import { StreamInterruptedError, TimeoutError } from './transport-errors.ts';
import { createUsage } from '../spec/usage.ts';

describe('LlmError branding', () => {
  it('names the class, sets the code and default retryability', () => {
    const error = new ServerError('boom', { provider: 'openai', status: 500 });
    expect(error.name).toBe('ServerError');
    expect(error.code).toBe('server');
    expect(error.isRetryable).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain('ServerError');
  });

  it('isInstance follows the hierarchy', () => {
    const error = new ContextLengthExceededError('too long');
    expect(ContextLengthExceededError.isInstance(error)).toBe(true);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(LlmError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(error.code).toBe('context-length-exceeded');
  });

  it('isInstance rejects non-errors and foreign errors', () => {
    expect(LlmError.isInstance(undefined)).toBe(false);
    expect(LlmError.isInstance('ServerError')).toBe(false);
    expect(LlmError.isInstance(new Error('plain'))).toBe(false);
    expect(ServerError.isInstance({ name: 'ServerError' })).toBe(false);
  });

  it('works across two loaded copies of the package', async () => {
    vi.resetModules();
    // A query string makes Vite load a second, independent copy of the module.
    const specifier = './provider-errors.ts?copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof providerErrors;
    const foreign: unknown = new copy.RateLimitError('from the other copy', { kind: 'throttled' });
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(LlmError.isInstance(foreign)).toBe(true);
    expect(ServerError.isInstance(foreign)).toBe(false);
  });

  it('redacts secrets from messages and bodies', () => {
    const error = new ServerError('bad key sk-proj-1234567890abcdef', {
      responseBody: '{"error":"Bearer abc.def.ghi"}',
    });
    expect(error.message).not.toContain('sk-proj-1234567890abcdef');
    expect(error.responseBody).not.toContain('abc.def.ghi');
  });

  it('redacts the request id and header values, which toJSON() and util.inspect show', () => {
    const error = new ServerError('x', {
      requestId: 'req_sk-proj-1234567890abcdef',
      headers: { 'x-echo': 'Authorization: Bearer abc.def.ghi', 'retry-after': '2' },
    });
    expect(error.requestId).toBe('req_[redacted]');
    expect(error.headers).toEqual({
      'x-echo': 'Authorization: Bearer [redacted]',
      'retry-after': '2',
    });
    expect(JSON.stringify(error)).not.toContain('sk-proj');
  });

  it('truncates long bodies', () => {
    expect(new ServerError('x', { responseBody: 'y'.repeat(5000) }).responseBody).toHaveLength(
      2000,
    );
  });

  it('serialises to a plain object without the cause', () => {
    const cause = new Error('socket');
    const error = new TimeoutError('slow', {
      provider: 'anthropic',
      phase: 'idle',
      timeoutMs: 100,
      cause,
    });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'TimeoutError',
      code: 'timeout',
      message: 'slow',
      provider: 'anthropic',
      isRetryable: true,
    });
  });

  it('makes a total deadline non-retryable', () => {
    expect(new TimeoutError('late', { phase: 'total' }).isRetryable).toBe(false);
    expect(new TimeoutError('late').phase).toBe('request');
  });

  it('lets options override the default retryability', () => {
    expect(new ServerError('x', { isRetryable: false }).isRetryable).toBe(false);
    expect(new RateLimitError('x', { kind: 'quota-exhausted' }).isRetryable).toBe(false);
    expect(new RateLimitError('x', { kind: 'throttled' }).isRetryable).toBe(true);
  });

  it('carries the details of composite errors', () => {
    const first = new ServerError('a');
    const second = new CircuitOpenError('open', { key: 'openai:gpt', retryAfterMs: 500 });
    const all = new AllAttemptsFailedError('all failed', {
      attempts: [
        { provider: 'openai', modelId: 'gpt', error: first },
        { provider: 'openai', modelId: 'gpt', error: second },
      ],
    });
    expect(all.errors).toEqual([first, second]);
    expect(second.key).toBe('openai:gpt');
    const partial = {
      text: 'Hel',
      content: [],
      toolCalls: [],
      usage: createUsage(),
      finishReason: undefined,
    };
    expect(new StreamInterruptedError('cut', { partial }).partialText).toBe('Hel');
    const conflict = new ConversationConflictError('changed', {
      conversationId: 'c',
      expectedVersion: 1,
      actualVersion: 3,
    });
    expect([conflict.expectedVersion, conflict.actualVersion, conflict.isRetryable]).toEqual([
      1,
      3,
      true,
    ]);
  });
});
