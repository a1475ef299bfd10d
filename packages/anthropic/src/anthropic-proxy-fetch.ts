import {
  createProxyDispatcher,
  withProxyFailures,
  type FetchLike,
  type ResolvedProxy,
} from '@org/llm-core/adapter-kit';
import type * as UndiciModule from 'undici';

/**
 * The `fetch` the SDK sends with when a proxy applies: undici's `fetch`
 * through the proxy's dispatcher (both made on the first request, so an
 * application without a proxy never loads undici), with failures of the
 * proxy itself naming the proxy rather than the base URL.
 */
export function createAnthropicProxyFetch(
  proxy: ResolvedProxy,
  context: { readonly provider: string; readonly baseURL: string },
): FetchLike {
  let sending: Promise<FetchLike> | undefined;
  const load = async (): Promise<FetchLike> => {
    const undici = await import('undici');
    const dispatcher = createProxyDispatcher(proxy, undici);
    // undici's fetch takes the same init as the global one, plus `dispatcher`;
    // its own Response and RequestInit types differ from the DOM's in name only.
    return (input, init) =>
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- undici's Response is the class of Node's global fetch, from the undici package
      undici.fetch(input as string, {
        ...(init as UndiciModule.RequestInit),
        dispatcher,
      });
  };
  return withProxyFailures(
    (input, init) => (sending ??= load()).then((send) => send(input, init)),
    proxy,
    context,
  );
}
