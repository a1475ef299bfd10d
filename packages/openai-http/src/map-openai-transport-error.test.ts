import { ConnectionError, RateLimitError, TimeoutError } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { mapOpenAITransportError } from './map-openai-transport-error.ts';

const context = {
  provider: 'openai',
  modelId: 'gpt-4o',
  url: 'http://127.0.0.1:9/v1/chat/completions',
  secrets: ['sk-live-abcdef123456'],
};

function socketError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('mapOpenAITransportError', () => {
  it.each([
    ['ECONNRESET', socketError('read ECONNRESET', 'ECONNRESET')],
    ['ECONNREFUSED', socketError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED')],
    ['socket hang up', socketError('socket hang up', 'ECONNRESET')],
    ['undici socket error', socketError('other side closed', 'UND_ERR_SOCKET')],
    [
      'fetch failed',
      new TypeError('fetch failed', { cause: socketError('other side closed', 'UND_ERR_SOCKET') }),
    ],
    [
      'fetch body terminated',
      new TypeError('terminated', { cause: socketError('other side closed', 'UND_ERR_SOCKET') }),
    ],
  ])(
    'maps %s to a retryable ConnectionError that keeps a redacted copy of the cause',
    (_name, error) => {
      const mapped = mapOpenAITransportError(error, context);
      expect(ConnectionError.isInstance(mapped)).toBe(true);
      expect(mapped.isRetryable).toBe(true);
      expect(mapped.cause).toMatchObject({ name: error.name, message: error.message });
      expect(mapped.cause).not.toBe(error);
      expect(mapped.provider).toBe('openai');
    },
  );

  it('names the code and gives a hint for a refused connection', () => {
    const mapped = mapOpenAITransportError(
      socketError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
      context,
    );
    expect(mapped.message).toBe(
      'Could not complete the request to openai at http://127.0.0.1:9/v1/chat/completions (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9. Check baseURL: nothing listens there.',
    );
  });

  it("maps undici's own timeouts to a request TimeoutError", () => {
    const mapped = mapOpenAITransportError(
      socketError('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'),
      context,
    );
    if (!TimeoutError.isInstance(mapped))
      throw new Error(`expected a TimeoutError, got ${mapped.name}`);
    expect(mapped.phase).toBe('request');
  });

  it('passes our own errors through and never shows the key', () => {
    const own = new RateLimitError('slow down', { kind: 'throttled' });
    expect(mapOpenAITransportError(own, context)).toBe(own);
    const leaky = mapOpenAITransportError(
      new Error('proxy said: key sk-live-abcdef123456 rejected'),
      context,
    );
    expect(leaky.message).not.toContain('sk-live-abcdef123456');
  });
});
