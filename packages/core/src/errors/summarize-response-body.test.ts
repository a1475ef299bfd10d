import { describe, expect, it } from 'vitest';
import { summarizeResponseBody } from './summarize-response-body.ts';
import { ResponseValidationError } from './transport-errors.ts';
import { unexpectedBodyError } from './unexpected-body-error.ts';

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

describe('unexpectedBodyError', () => {
  const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

  it('names the content type, summarises the body and keeps it redacted, with no parser error', () => {
    const error = unexpectedBodyError({
      provider: 'openai',
      modelId: 'gpt-4o',
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<html><title>Hotel Wi-Fi ${key}</title></html>`,
      expected: 'event-stream',
      secrets: [key],
    });
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `openai answered a stream request for 'gpt-4o' with content type 'text/html; charset=utf-8' instead of text/event-stream: an HTML page titled "Hotel Wi-Fi [redacted]". A proxy, a captive portal or a wrong baseURL may have answered.`,
    );
    expect(error).toMatchObject({ status: 200, isRetryable: false });
    expect(error.cause).toBeUndefined();
    expect(error.responseBody).toBe('<html><title>Hotel Wi-Fi [redacted]</title></html>');
  });

  it('says when a body is not JSON', () => {
    const error = unexpectedBodyError({
      provider: 'anthropic',
      modelId: 'claude',
      status: 200,
      contentType: undefined,
      body: '',
      expected: 'json',
      secrets: [],
    });
    expect(error.message).toBe(
      "anthropic answered 'claude' with a body that is not JSON (no content type): an empty body.",
    );
  });
});
