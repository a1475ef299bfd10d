import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from './read-rate-limit-headers.ts';

const now = Date.parse('2025-06-01T12:00:00Z');

describe('readRateLimitHeaders', () => {
  it('reads OpenAI remaining counts and duration resets', () => {
    expect(
      readRateLimitHeaders(
        {
          'x-ratelimit-remaining-requests': '59',
          'x-ratelimit-reset-requests': '1s',
          'x-ratelimit-remaining-tokens': '149984',
          'x-ratelimit-reset-tokens': '6m0s',
        },
        now,
      ),
    ).toEqual({
      requests: { remaining: 59, resetMs: 1000 },
      tokens: { remaining: 149_984, resetMs: 360_000 },
    });
  });

  it('reads Anthropic remaining counts and RFC 3339 resets, falling back to input tokens', () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2025-06-01T12:00:02Z',
      'anthropic-ratelimit-input-tokens-remaining': '8000',
      'anthropic-ratelimit-input-tokens-reset': '2025-06-01T12:00:30Z',
    });
    expect(readRateLimitHeaders(headers, now)).toEqual({
      requests: { remaining: 0, resetMs: 2000 },
      tokens: { remaining: 8000, resetMs: 30_000 },
    });
  });

  it('says nothing when the headers say nothing usable', () => {
    expect(readRateLimitHeaders(undefined)).toEqual({ requests: undefined, tokens: undefined });
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining-requests': 'many' })).toEqual({
      requests: undefined,
      tokens: undefined,
    });
  });
});
