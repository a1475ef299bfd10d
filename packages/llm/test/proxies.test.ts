// The three adapters through a real tinyproxy: the proxy's own log proves
// each request went through it (a CONNECT to the fake server's port), that
// NO_PROXY sends it direct, that proxy credentials work, and that a proxy
// which refuses or is down gives an error naming the proxy, not the
// provider's base URL.
import { createAnthropic } from '@org/llm-anthropic';
import { ConnectionError, type ChatModel } from '@org/llm-core';
import { createOpenAI } from '@org/llm-openai';
import { createOpenAIHttp } from '@org/llm-openai-http';
import {
  anthropic,
  createFakeProviderServer,
  openai,
  type FakeProviderServer,
} from '@org/llm-testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemBinary } from '@org/llm-test-support';
import { freePort } from '@org/llm-test-support';
import { startTinyproxy, type Tinyproxy } from './support/tinyproxy.ts';

const tinyproxy = systemBinary('tinyproxy', 'tinyproxy');
if (!tinyproxy.found) console.warn(`Skipping the proxy integration suite: ${tinyproxy.reason}.`);

const user = 'ada';
const password = 'pr0xy-pa55';
const apiKey = 'sk-proxy-test-key-0123456789';

type AdapterName = 'openai-http' | 'openai' | 'anthropic';
const adapters: readonly AdapterName[] = ['openai-http', 'openai', 'anthropic'];

let server: FakeProviderServer;
let proxy: Tinyproxy;

/** A model of `adapter` against the fake server, with `proxy` as the adapter option (undefined: the environment). */
function modelOf(adapter: AdapterName, proxyOption?: string | false): ChatModel {
  if (adapter === 'anthropic') {
    return createAnthropic({ apiKey, baseURL: server.anthropicBaseURL, proxy: proxyOption })(
      'claude-sonnet-4-5',
    );
  }
  const options = { apiKey, baseURL: server.openaiBaseURL, proxy: proxyOption };
  return adapter === 'openai'
    ? createOpenAI(options)('gpt-4o-mini')
    : createOpenAIHttp(options)('gpt-4o-mini');
}

function answer(adapter: AdapterName, text: string): void {
  server.enqueue(adapter === 'anthropic' ? anthropic.text(text) : openai.text(text));
}

const providerOf = (adapter: AdapterName): string =>
  adapter === 'anthropic' ? 'anthropic' : 'openai';
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const fakeTarget = (): string => server.url.replace('http://', '');
const withCredentials = (): string => `http://${user}:${password}@127.0.0.1:${proxy.port}`;

describe.skipIf(!tinyproxy.found)('adapters through a real proxy (tinyproxy)', () => {
  beforeAll(async () => {
    server = await createFakeProviderServer();
    proxy = await startTinyproxy(tinyproxy.found ? tinyproxy.path : '', { user, password });
  });
  afterAll(async () => {
    await proxy.stop();
    await server.close();
  });

  describe.each(adapters)('%s', (adapter) => {
    it('sends through the proxy of its proxy option, with credentials', async () => {
      const before = proxy.connects().length;
      const requestsBefore = server.requests.length;
      answer(adapter, 'via the proxy');
      const result = await modelOf(adapter, withCredentials()).generate(ask);
      expect(result.text).toBe('via the proxy');
      await proxy.waitForConnects(before + 1);
      expect(proxy.connects().slice(before)).toEqual([fakeTarget()]);
      expect(server.requests.length).toBe(requestsBefore + 1);
    });

    it('streams through the proxy too', async () => {
      const before = proxy.connects().length;
      answer(adapter, 'streamed via the proxy');
      const stream = await modelOf(adapter, withCredentials()).stream(ask);
      expect(await stream.text()).toBe('streamed via the proxy');
      await proxy.waitForConnects(before + 1);
      expect(proxy.connects().slice(before)).toEqual([fakeTarget()]);
    });

    it('follows HTTP_PROXY, and NO_PROXY sends the request direct', async () => {
      vi.stubEnv('HTTP_PROXY', withCredentials());
      vi.stubEnv('NO_PROXY', '');
      const before = proxy.connects().length;
      answer(adapter, 'via HTTP_PROXY');
      expect((await modelOf(adapter).generate(ask)).text).toBe('via HTTP_PROXY');
      await proxy.waitForConnects(before + 1);
      expect(proxy.connects().slice(before)).toEqual([fakeTarget()]);

      // undici's EnvHttpProxyAgent reads NO_PROXY per request.
      vi.stubEnv('NO_PROXY', 'localhost,127.0.0.1');
      const requestsBefore = server.requests.length;
      answer(adapter, 'direct');
      expect((await modelOf(adapter).generate(ask)).text).toBe('direct');
      expect(server.requests.length).toBe(requestsBefore + 1);
      // The direct request reached the server; a proxied one is logged before it connects upstream.
      expect(proxy.connects().length).toBe(before + 1);
      // proxy: false ignores the environment altogether.
      vi.stubEnv('NO_PROXY', '');
      answer(adapter, 'ignored');
      expect((await modelOf(adapter, false).generate(ask)).text).toBe('ignored');
      expect(proxy.connects().length).toBe(before + 1);
    });

    it('names the proxy when it refuses the credentials', async () => {
      const requestsBefore = server.requests.length;
      const wrong = `http://${user}:wrong-password@127.0.0.1:${proxy.port}`;
      const error: unknown = await modelOf(adapter, wrong)
        .generate(ask)
        .catch((caught: unknown) => caught);
      expect(ConnectionError.isInstance(error)).toBe(true);
      const message = (error as Error).message;
      // tinyproxy answers a tunnel's bad credentials with 401 rather than 407.
      expect(message).toBe(
        `Could not reach ${providerOf(adapter)} through the proxy at http://127.0.0.1:${proxy.port} (from the proxy option): the proxy answered HTTP 401 Unauthorized when asked to connect to ${fakeTarget()}; it rejected the user name and password in the proxy URL; check them. The request was not sent to ${providerOf(adapter)}.`,
      );
      expect(message).not.toContain('wrong-password');
      expect(message).not.toContain(server.openaiBaseURL);
      expect(error).toMatchObject({ isRetryable: false });
      expect(server.requests.length).toBe(requestsBefore);
    });

    it('names the proxy when it is down, not the base URL', async () => {
      const port = await freePort();
      const error: unknown = await modelOf(adapter, `http://${user}:${password}@127.0.0.1:${port}`)
        .generate(ask)
        .catch((caught: unknown) => caught);
      expect(ConnectionError.isInstance(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toBe(
        `Could not connect to the proxy at http://127.0.0.1:${port} (from the proxy option) to reach ${providerOf(adapter)} (ECONNREFUSED): is the proxy running and listening there? Check the proxy URL in the proxy option. The request was not sent to ${providerOf(adapter)}.`,
      );
      expect(message).not.toContain('Check baseURL');
      expect(error).toMatchObject({
        modelId: adapter === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4o-mini',
      });
    });
  });

  it('names the environment variable of a proxy that is down', async () => {
    const port = await freePort();
    vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${port}`);
    vi.stubEnv('NO_PROXY', '');
    const error: unknown = await modelOf('openai-http')
      .generate(ask)
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(
      `Could not connect to the proxy at http://127.0.0.1:${port} (from HTTP_PROXY) to reach openai (ECONNREFUSED)`,
    );
  });
});

describe('proxy options that cannot work', () => {
  const fetchFunction = (): Promise<Response> => Promise.reject(new Error('unused'));
  it('refuse a proxy together with an injected fetch or dispatcher', () => {
    const proxyUrl = 'http://proxy.corp:3128';
    expect(() => createOpenAIHttp({ fetch: fetchFunction, proxy: proxyUrl })).toThrow(
      "createOpenAIHttp: 'proxy' cannot be combined with 'fetch' or 'dispatcher'",
    );
    expect(() => createOpenAI({ fetch: fetchFunction, proxy: proxyUrl })).toThrow(
      "createOpenAI: 'proxy' cannot be combined with 'fetch'",
    );
    expect(() => createAnthropic({ fetch: fetchFunction, proxy: proxyUrl })).toThrow(
      "createAnthropic: 'proxy' cannot be combined with 'fetch'",
    );
    // proxy: false with your own fetch is fine: nothing to route.
    expect(() => createOpenAIHttp({ fetch: fetchFunction, proxy: false })).not.toThrow();
  });

  it('refuse a proxy URL that does not parse, without repeating it', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://ada:secret@[bad');
    expect(() => createAnthropic({ apiKey: 'k' })).toThrow(
      'createAnthropic: the proxy URL from HTTPS_PROXY is not an absolute URL; write it as http://host:port or http://user:password@host:port.',
    );
    expect(() => createOpenAI({ apiKey: 'k', proxy: 'secret-value' })).toThrow(
      /^createOpenAI: the proxy URL from the proxy option is not an absolute URL/,
    );
  });
});
