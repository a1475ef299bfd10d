import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it.each([
    [
      'Incorrect API key provided: sk-proj-abc123def456ghi. You can find your key...',
      'sk-proj-abc123def456ghi',
    ],
    ['key sk-ant-api03-AAAAbbbbCCCC-dddd was revoked', 'sk-ant-api03-AAAAbbbbCCCC-dddd'],
    ['Incorrect API key provided: sk-abc12***********************xyz9.', 'sk-abc12'],
    ['echo: Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9.payload', 'eyJhbGciOi'],
    ['{"api_key": "AIzaSyD-secret-value"}', 'AIzaSyD-secret-value'],
    ['x-api-key=top-secret-value; other=1', 'top-secret-value'],
  ])('removes the secret from %j', (text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('keeps an echoed header readable', () => {
    expect(redactSecrets('echo: Authorization: Bearer abc.def')).toBe(
      'echo: Authorization: Bearer [redacted]',
    );
  });

  it('removes known secrets of any shape', () => {
    expect(redactSecrets('proxy said: my-weird-key-42 is bad', ['my-weird-key-42'])).toBe(
      'proxy said: [redacted] is bad',
    );
  });

  it('ignores known secrets too short to be keys', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c');
  });

  it('leaves ordinary text alone', () => {
    const text =
      'This model supports at most 4096 completion tokens; task-list and skills are fine.';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets with a key cut at an edge', () => {
  const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

  it('removes the first characters of a known key left at the end of the text', () => {
    expect(redactSecrets(`body cut here: ${key.slice(0, 9)}`, [key])).toBe(
      'body cut here: [redacted]',
    );
  });

  it('removes the last characters of a known key left at the start of the text', () => {
    expect(redactSecrets(`${key.slice(20)} and more`, [key])).toBe('[redacted] and more');
  });

  it('leaves fewer than 4 characters and unrelated text alone', () => {
    expect(redactSecrets('ends in a1b', [key])).toBe('ends in a1b');
    expect(redactSecrets('plain text', [key])).toBe('plain text');
  });
});
