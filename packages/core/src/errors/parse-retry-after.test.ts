import { describe, expect, it } from 'vitest';
import { parseDuration, parseRetryAfter } from './parse-retry-after.ts';

const now = Date.parse('2026-11-25T12:00:00Z');

describe('parseDuration', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['0.5s', 500],
    ['59.472s', 59_472],
    ['2m', 120_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5', '1 s', '1s junk', '-1s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it.each<[string, Record<string, string>, number | undefined]>([
    ['nothing', {}, undefined],
    [
      'retry-after-ms wins over retry-after',
      { 'retry-after-ms': '1500', 'retry-after': '20' },
      1500,
    ],
    ['fractional retry-after-ms rounds up', { 'retry-after-ms': '12.2' }, 13],
    ['retry-after in seconds', { 'retry-after': '7' }, 7000],
    ['retry-after in fractional seconds', { 'retry-after': '0.25' }, 250],
    ['retry-after as an HTTP date', { 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' }, 30_000],
    ['retry-after date in the past', { 'retry-after': 'Wed, 25 Nov 2026 11:59:00 GMT' }, 0],
    [
      'garbage retry-after falls through to reset headers',
      {
        'retry-after': 'later',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '2s',
      },
      2000,
    ],
    ['invalid retry-after-ms is ignored', { 'retry-after-ms': 'abc', 'retry-after': '3' }, 3000],
    [
      'OpenAI request reset duration',
      { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' },
      1000,
    ],
    [
      'OpenAI token reset duration',
      { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' },
      360_000,
    ],
    [
      'OpenAI millisecond duration',
      { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '20ms' },
      20,
    ],
    [
      'OpenAI: the exhausted limit decides',
      {
        'x-ratelimit-remaining-requests': '99',
        'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '6m0s',
      },
      360_000,
    ],
    [
      'OpenAI: a reset without its remaining header says nothing about this request',
      { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' },
      undefined,
    ],
    [
      'OpenAI: the 0s reset of a token limit with room left never sets the wait',
      {
        'x-ratelimit-remaining-requests': '12',
        'x-ratelimit-reset-requests': '40ms',
        'x-ratelimit-remaining-tokens': '149000',
        'x-ratelimit-reset-tokens': '0s',
      },
      undefined,
    ],
    [
      'Anthropic: resets of limits with room left never set the wait',
      {
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-requests-reset': '2026-11-25T12:00:00Z',
        'anthropic-ratelimit-tokens-remaining': '1000',
        'anthropic-ratelimit-tokens-reset': '2026-11-25T12:00:01Z',
      },
      undefined,
    ],
    [
      'Anthropic reset timestamps',
      {
        'anthropic-ratelimit-requests-reset': '2026-11-25T12:00:05Z',
        'anthropic-ratelimit-requests-remaining': '0',
      },
      5000,
    ],
    [
      'Anthropic: the exhausted input-token limit decides',
      {
        'anthropic-ratelimit-requests-remaining': '40',
        'anthropic-ratelimit-requests-reset': '2026-11-25T12:00:01Z',
        'anthropic-ratelimit-input-tokens-remaining': '0',
        'anthropic-ratelimit-input-tokens-reset': '2026-11-25T12:00:42Z',
      },
      42_000,
    ],
    [
      'Anthropic reset in the past',
      {
        'anthropic-ratelimit-tokens-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2026-11-25T11:00:00Z',
      },
      0,
    ],
    ['unparseable reset header', { 'x-ratelimit-reset-requests': 'whenever' }, undefined],
    ['header names are case-insensitive', { 'Retry-After': '4' }, 4000],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers, { now })).toBe(expected);
  });

  it('reads fetch Headers objects', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), { now })).toBe(2000);
  });

  it('reads array-valued headers from Node', () => {
    expect(parseRetryAfter({ 'retry-after': ['9'] }, { now })).toBe(9000);
  });

  it('uses the current time by default', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = parseRetryAfter({ 'retry-after': inTenSeconds });
    expect(ms).toBeGreaterThan(8000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  it('can ignore reset headers, which OpenAI sends on every response', () => {
    const headers = { 'x-ratelimit-reset-requests': '1s', 'retry-after': '3' };
    expect(parseRetryAfter(headers, { now, rateLimitResets: false })).toBe(3000);
    expect(
      parseRetryAfter({ 'x-ratelimit-reset-requests': '1s' }, { now, rateLimitResets: false }),
    ).toBeUndefined();
  });

  it('returns undefined without headers', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
