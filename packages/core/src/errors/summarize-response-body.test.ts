import { describe, expect, it } from 'vitest';
import { summarizeResponseBody } from './summarize-response-body.ts';

describe('summarizeResponseBody', () => {
  it('gives plain text on one line, cut after redaction', () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    expect(summarizeResponseBody('  upstream\n\tfailed  ')).toBe('upstream failed');
    expect(summarizeResponseBody(`${'x'.repeat(8)}${key}`, { secrets: [key], maxLength: 12 })).toBe(
      'xxxxxxxx[red...',
    );
    expect(summarizeResponseBody(' \n ')).toBeUndefined();
  });

  it('recognises HTML by its content type or its start', () => {
    expect(summarizeResponseBody('<p>Gateway &lt;down&gt;</p>', { contentType: 'text/html' })).toBe(
      'an HTML page: "Gateway <down>"',
    );
    expect(summarizeResponseBody('<!doctype html><title> Portal\n</title>')).toBe(
      'an HTML page titled "Portal"',
    );
    expect(summarizeResponseBody('<html><script>x</script></html>')).toBe(
      'an HTML page without text',
    );
  });

  it('stays linear on hostile markup', () => {
    const hostile = '<script'.repeat(20_000) + '<'.repeat(20_000);
    expect(summarizeResponseBody(hostile, { contentType: 'text/html' })).toBe(
      'an HTML page without text',
    );
  });
});
