import { describe, expect, it } from 'vitest';
import { getHeader, headersToRecord } from './headers-like.ts';

describe('headers', () => {
  it('reads fetch Headers, Node records and arrays case-insensitively', () => {
    expect(getHeader(new Headers({ 'X-Request-Id': 'a' }), 'x-request-id')).toBe('a');
    expect(getHeader({ 'X-Request-Id': 'b' }, 'x-request-id')).toBe('b');
    expect(getHeader({ 'set-cookie': ['c=1', 'd=2'] }, 'Set-Cookie')).toBe('c=1, d=2');
    expect(getHeader({ 'content-length': 12 }, 'content-length')).toBe('12');
    expect(getHeader({ odd: null }, 'odd')).toBeUndefined();
    expect(getHeader(undefined, 'x')).toBeUndefined();
  });

  it('copies headers into a lower-case record', () => {
    expect(headersToRecord(new Headers({ 'Retry-After': '1' }))).toEqual({ 'retry-after': '1' });
    expect(
      headersToRecord({ 'Retry-After': '2', Via: ['a', 'b'], Skip: undefined, Size: 3 }),
    ).toEqual({
      'retry-after': '2',
      via: 'a, b',
      size: '3',
    });
    expect(headersToRecord(undefined)).toEqual({});
    // Anything else with forEach and get, whose names may be in any case.
    const map = new Map([['X-Request-Id', 'r1']]);
    expect(headersToRecord(map as unknown as Headers)).toEqual({ 'x-request-id': 'r1' });
  });
});
