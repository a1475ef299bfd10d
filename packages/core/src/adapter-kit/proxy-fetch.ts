import { mapProxyFailure, type ProxyFailureContext } from './map-proxy-failure.ts';
import type { ResolvedProxy } from './resolve-proxy.ts';

/** The undici agent classes a proxy needs; an adapter passes its own `undici` module, so core does not depend on undici. */
export interface ProxyAgentClasses<D> {
  /** undici's `ProxyAgent`. */
  readonly ProxyAgent: new (options: { readonly uri: string; readonly proxyTunnel: boolean }) => D;
  /** undici's `EnvHttpProxyAgent`. */
  readonly EnvHttpProxyAgent: new (options: {
    readonly httpProxy?: string | undefined;
    readonly httpsProxy?: string | undefined;
    readonly proxyTunnel: boolean;
  }) => D;
}

/**
 * The undici dispatcher of a provider's proxy: a `ProxyAgent` for the
 * provider's own `proxy` option, an `EnvHttpProxyAgent` (which applies
 * `NO_PROXY` per request) for the environment's. Requests are tunnelled
 * with CONNECT whatever the target's scheme, so whatever the proxy answers
 * is told apart from what the provider answers.
 */
export function createProxyDispatcher<D>(proxy: ResolvedProxy, classes: ProxyAgentClasses<D>): D {
  if (proxy.source === 'option') {
    return new classes.ProxyAgent({ uri: proxy.proxy.url, proxyTunnel: true });
  }
  return new classes.EnvHttpProxyAgent({
    httpProxy: proxy.httpProxy?.url,
    httpsProxy: proxy.httpsProxy?.url,
    proxyTunnel: true,
  });
}

/** The `fetch` shape the vendor SDKs call. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The `model` of a JSON request body (OpenAI's and Anthropic's both have one), for error fields. */
function modelOf(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const model = (JSON.parse(body) as { model?: unknown }).model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wraps the `fetch` an SDK sends through a proxy: a failure of the proxy
 * itself rejects with the `ConnectionError` of {@link mapProxyFailure}
 * (naming the proxy), which the SDK wraps and the adapter's error mapping
 * finds in the cause chain. Other failures pass through unchanged.
 */
export function withProxyFailures(
  send: FetchLike,
  proxy: ResolvedProxy,
  context: Omit<ProxyFailureContext, 'modelId'>,
): FetchLike {
  return (input, init) =>
    send(input, init).catch((error: unknown) => {
      throw mapProxyFailure(error, proxy, { ...context, modelId: modelOf(init?.body) }) ?? error;
    });
}

/**
 * What {@link createLazyProxyFetch} needs of undici: its proxy agents and a
 * `fetch` that takes a dispatcher (undici's own, adapted by the caller).
 */
export interface UndiciProxyFetch<D> extends ProxyAgentClasses<D> {
  /** undici's `fetch`, given the request and the proxy's dispatcher. */
  readonly fetch: (
    input: string | URL | Request,
    init: RequestInit | undefined,
    dispatcher: D,
  ) => Promise<Response>;
}

/**
 * The `fetch` a vendor SDK sends with when a proxy applies: undici's `fetch`
 * through the proxy's dispatcher, both made on the first request (so an
 * application without a proxy never loads undici: `load` imports it), with
 * failures of the proxy itself naming the proxy rather than the base URL.
 */
export function createLazyProxyFetch<D>(
  proxy: ResolvedProxy,
  context: Omit<ProxyFailureContext, 'modelId'>,
  load: () => Promise<UndiciProxyFetch<D>>,
): FetchLike {
  let sending: Promise<FetchLike> | undefined;
  const start = async (): Promise<FetchLike> => {
    const undici = await load();
    const dispatcher = createProxyDispatcher(proxy, undici);
    return (input, init) => undici.fetch(input, init, dispatcher);
  };
  return withProxyFailures(
    (input, init) => (sending ??= start()).then((send) => send(input, init)),
    proxy,
    context,
  );
}
