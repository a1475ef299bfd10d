import {
  createLazyProxyFetch,
  type FetchLike,
  type ResolvedProxy,
} from '@org/llm-core/adapter-kit';
import type * as UndiciModule from 'undici';

/**
 * The `fetch` the SDK sends with when a proxy applies (core's
 * `createLazyProxyFetch`): undici is imported on the first request only.
 */
export function createAnthropicProxyFetch(
  proxy: ResolvedProxy,
  context: { readonly provider: string; readonly baseURL: string },
): FetchLike {
  return createLazyProxyFetch(proxy, context, async () => {
    const undici = await import('undici');
    return {
      ProxyAgent: undici.ProxyAgent,
      EnvHttpProxyAgent: undici.EnvHttpProxyAgent,
      // undici's fetch takes the same init as the global one, plus `dispatcher`;
      // its own Response and RequestInit types differ from the DOM's in name only.
      fetch: (input, init, dispatcher) =>
        // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- undici's Response is the class of Node's global fetch, from the undici package
        undici.fetch(input as string, {
          ...(init as UndiciModule.RequestInit),
          dispatcher,
        }),
    };
  });
}
