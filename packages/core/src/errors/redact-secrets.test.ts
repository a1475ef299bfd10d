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
