import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../errors/transport-errors.ts';
import { mapProxyFailure } from './map-proxy-failure.ts';
import { withProxyFailures } from './proxy-fetch.ts';
import { resolveProxy } from './resolve-proxy.ts';

const viaOption = resolveProxy('http://ada:pa55word@127.0.0.1:3128', 'test')!;
const context = { provider: 'openai', modelId: 'gpt-4o', baseURL: 'https://api.openai.com/v1' };

function socketError(code: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(`connect ${code}`), { code, ...fields });
}

describe('mapProxyFailure', () => {
  it('names the proxy, not the base URL, when the proxy refuses the connection', () => {
    const cause = new TypeError('fetch failed', {
      cause: socketError('ECONNREFUSED', { address: '127.0.0.1', port: 3128 }),
    });
    const error = mapProxyFailure(cause, viaOption, context);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error?.message).toBe(
      'Could not connect to the proxy at http://127.0.0.1:3128 (from the proxy option) to reach openai (ECONNREFUSED): is the proxy running and listening there? Check the proxy URL in the proxy option. The request was not sent to openai.',
    );
    expect(error).toMatchObject({ provider: 'openai', modelId: 'gpt-4o', isRetryable: true });
    expect(error?.cause).toBe(cause);
  });

  it.each([
    [407, false, 'it rejected the user name and password in the proxy URL; check them.'],
    // tinyproxy answers a tunnel's bad credentials with 401.
    [401, false, 'it rejected the user name and password in the proxy URL; check them.'],
    [
      403,
      false,
      'its rules do not allow connections to api.openai.com:443; ask for that host and port to be allowed, or list the host in NO_PROXY.',
    ],
    [
      502,
      true,
      "it could not reach api.openai.com:443; check openai's base URL and the proxy's own network access.",
    ],
  ])('explains a CONNECT answered with %i', (status, retryable, advice) => {
    const cause = new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`);
    const error = mapProxyFailure(cause, viaOption, context);
    expect(error?.message).toContain(`the proxy answered HTTP ${status}`);
    expect(error?.message).toContain(advice);
    expect(error?.isRetryable).toBe(retryable);
    expect(error?.message).not.toContain('pa55word');
  });

  it('asks for credentials when the proxy URL has none', () => {
    const anonymous = resolveProxy(undefined, 'test', { HTTPS_PROXY: 'http://proxy.corp:8080' })!;
    const error = mapProxyFailure(
      new Error('Proxy response (407) !== 200 when HTTP Tunneling'),
      anonymous,
      context,
    );
    expect(error?.message).toBe(
      'Could not reach openai through the proxy at http://proxy.corp:8080 (from HTTPS_PROXY): the proxy answered HTTP 407 Proxy Authentication Required when asked to connect to api.openai.com:443; it wants credentials; put them in the proxy URL (http://user:password@host:port). The request was not sent to openai.',
    );
  });

  it("names an unknown proxy host, and leaves other hosts' failures alone", () => {
    const named = resolveProxy(undefined, 'test', { HTTPS_PROXY: 'http://proxy.corp:8080' })!;
    const dns = socketError('ENOTFOUND', { hostname: 'proxy.corp' });
    expect(mapProxyFailure(dns, named, context)?.message).toContain(
      "(ENOTFOUND): its host name does not resolve; check the proxy URL's host.",
    );
    expect(
      mapProxyFailure(socketError('ENOTFOUND', { hostname: 'api.openai.com' }), named, context),
    ).toBeUndefined();
  });

  it('leaves failures that are not the proxy’s to the adapter', () => {
    // A request NO_PROXY sent direct fails on the provider's own port.
    const direct = socketError('ECONNREFUSED', { address: '127.0.0.1', port: 8000 });
    expect(mapProxyFailure(direct, viaOption, context)).toBeUndefined();
    // A proxy given by address: another host on the same port is not the proxy.
    const elsewhere = socketError('ECONNREFUSED', { address: '10.0.0.9', port: 3128 });
    expect(mapProxyFailure(elsewhere, viaOption, context)).toBeUndefined();
    expect(mapProxyFailure(new Error('boom'), viaOption, context)).toBeUndefined();
    expect(mapProxyFailure(direct, undefined, context)).toBeUndefined();
    // No proxy for http targets when only HTTPS_PROXY is set.
    const httpsOnly = resolveProxy(undefined, 'test', { HTTPS_PROXY: 'http://127.0.0.1:3128' })!;
    const refused = socketError('ECONNREFUSED', { address: '127.0.0.1', port: 3128 });
    expect(
      mapProxyFailure(refused, httpsOnly, { ...context, baseURL: 'http://localhost:8000/v1' }),
    ).toBeUndefined();
  });
});

describe('withProxyFailures', () => {
  it('rejects with the proxy error, with the model id read from the body', async () => {
    const refused = socketError('ECONNREFUSED', { address: '127.0.0.1', port: 3128 });
    const send = withProxyFailures(() => Promise.reject(refused), viaOption, context);
    const error: unknown = await send('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    }).catch((caught: unknown) => caught);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'openai', modelId: 'gpt-4o-mini' });
    const other = new Error('socket hang up');
    const passing = withProxyFailures(() => Promise.reject(other), viaOption, context);
    await expect(passing('https://api.openai.com/v1/models')).rejects.toBe(other);
  });
});
