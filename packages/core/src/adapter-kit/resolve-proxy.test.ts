import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/library-errors.ts';
import { proxyForTarget, proxySecrets, resolveProxy } from './resolve-proxy.ts';

describe('resolveProxy', () => {
  it('uses the proxy option over the environment, keeping credentials out of display', () => {
    const proxy = resolveProxy('http://ada:s3cret%21@proxy.corp:3128', 'createX', {
      HTTPS_PROXY: 'http://env-proxy:8080',
    });
    expect(proxy).toEqual({
      source: 'option',
      proxy: {
        url: 'http://ada:s3cret%21@proxy.corp:3128',
        display: 'http://proxy.corp:3128',
        hostname: 'proxy.corp',
        port: 3128,
        from: 'the proxy option',
        hasCredentials: true,
        secrets: ['s3cret!'],
      },
    });
    expect(proxySecrets(proxy)).toEqual(['s3cret!']);
  });

  it('reads the environment, lower-case names first, and the scheme default port', () => {
    const proxy = resolveProxy(undefined, 'createX', {
      https_proxy: 'http://lower:3128',
      HTTPS_PROXY: 'http://upper:3128',
      HTTP_PROXY: 'https://plain',
    });
    expect(proxy).toMatchObject({
      source: 'environment',
      httpsProxy: { display: 'http://lower:3128', from: 'https_proxy' },
      httpProxy: { display: 'https://plain', port: 443, from: 'HTTP_PROXY' },
    });
  });

  it('is undefined with proxy false or no proxy variable set', () => {
    expect(resolveProxy(false, 'createX', { HTTPS_PROXY: 'http://p:1' })).toBeUndefined();
    expect(resolveProxy(undefined, 'createX', { HTTPS_PROXY: '' })).toBeUndefined();
  });

  it('picks the proxy of a target by scheme, as undici does', () => {
    const env = resolveProxy(undefined, 'createX', { HTTP_PROXY: 'http://only-http:1' })!;
    // Without HTTPS_PROXY, https targets use HTTP_PROXY.
    expect(proxyForTarget(env, new URL('https://api.openai.com'))?.hostname).toBe('only-http');
    const httpsOnly = resolveProxy(undefined, 'createX', { HTTPS_PROXY: 'http://s:1' })!;
    expect(proxyForTarget(httpsOnly, new URL('http://localhost:8000'))).toBeUndefined();
  });

  it('refuses a URL that does not parse or has another scheme, without repeating it', () => {
    const bad = (): unknown => resolveProxy('//ada:hunter2@proxy:3128', 'createX', {});
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/createX: the proxy URL from the proxy option is not an absolute URL/);
    expect(bad).not.toThrow(/hunter2/);
    expect(() => resolveProxy(undefined, 'createX', { HTTPS_PROXY: 'ftp://p' })).toThrow(
      /the proxy URL from HTTPS_PROXY uses ftp; use http:, https:, socks: or socks5:/,
    );
  });
});
