import { ConfigError } from '../errors/library-errors.ts';

/** One proxy a provider's requests may go through, as errors name it. */
export interface ProxyEndpoint {
  /** The proxy URL as given, credentials included: what the HTTP agent connects with. Never print it. */
  readonly url: string;
  /** `scheme://host:port`, without credentials: safe for messages and logs. */
  readonly display: string;
  /** Host name or address of the proxy, without brackets. */
  readonly hostname: string;
  /** Port of the proxy (the scheme's default when the URL has none). */
  readonly port: number;
  /** Where it was configured: `the proxy option`, `HTTPS_PROXY`, `http_proxy`... */
  readonly from: string;
  /** Whether the URL carries a user name (and password) for the proxy. */
  readonly hasCredentials: boolean;
  /** The password (or user name) in the URL, to scrub from messages; empty without credentials. */
  readonly secrets: readonly string[];
}

/**
 * The proxies of one provider, resolved once when the provider is created:
 * its own `proxy` option, or `HTTPS_PROXY` / `HTTP_PROXY` (and their
 * lower-case forms, which win, as with curl and undici). `NO_PROXY` is read
 * per request by undici's `EnvHttpProxyAgent`.
 */
export type ResolvedProxy =
  | {
      /** The provider's `proxy` option: every request goes through it. */
      readonly source: 'option';
      /** The proxy. */
      readonly proxy: ProxyEndpoint;
    }
  | {
      /** The environment: `https:` targets use `httpsProxy` (else `httpProxy`), `http:` targets `httpProxy`, unless `NO_PROXY` matches. */
      readonly source: 'environment';
      /** From `http_proxy` / `HTTP_PROXY`. */
      readonly httpProxy: ProxyEndpoint | undefined;
      /** From `https_proxy` / `HTTPS_PROXY`. */
      readonly httpsProxy: ProxyEndpoint | undefined;
    };

const defaultPorts: Readonly<Record<string, number>> = {
  'http:': 80,
  'https:': 443,
  'socks:': 1080,
  'socks5:': 1080,
};

/** Parses one proxy URL; the message of a bad one never repeats it (it may hold a password). */
function parseProxy(value: string, from: string, who: string): ProxyEndpoint {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${who}: the proxy URL from ${from} is not an absolute URL; write it as http://host:port or http://user:password@host:port.`,
    );
  }
  const port = url.port === '' ? defaultPorts[url.protocol] : Number(url.port);
  if (port === undefined) {
    throw new ConfigError(
      `${who}: the proxy URL from ${from} uses ${url.protocol.slice(0, -1)}; use http:, https:, socks: or socks5:.`,
    );
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    url: value,
    display: `${url.protocol}//${url.host}`,
    hostname,
    port,
    from,
    hasCredentials: user !== '',
    secrets: [password, password === '' ? user : ''].filter((secret) => secret.length > 0),
  };
}

function fromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly [string, string],
  who: string,
): ProxyEndpoint | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return parseProxy(value, name, who);
  }
  return undefined;
}

/**
 * The proxy settings of a provider: `proxy` (a URL, credentials allowed)
 * overrides the environment; `false` ignores it; `undefined` reads
 * `https_proxy`, `HTTPS_PROXY`, `http_proxy` and `HTTP_PROXY`. `undefined`
 * when no proxy applies.
 *
 * @param who The factory, for messages (`createOpenAIHttp`).
 * @throws ConfigError for a URL that does not parse or has another scheme;
 *   the message names where the URL came from, never the URL itself.
 */
export function resolveProxy(
  proxy: string | false | undefined,
  who: string,
  env: Readonly<Record<string, string | undefined>> = typeof process === 'undefined'
    ? {}
    : process.env,
): ResolvedProxy | undefined {
  if (proxy === false) return undefined;
  if (proxy !== undefined) {
    return { source: 'option', proxy: parseProxy(proxy, 'the proxy option', who) };
  }
  const httpProxy = fromEnvironment(env, ['http_proxy', 'HTTP_PROXY'], who);
  const httpsProxy = fromEnvironment(env, ['https_proxy', 'HTTPS_PROXY'], who);
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  return { source: 'environment', httpProxy, httpsProxy };
}

/** The proxy a request to `target` goes through unless `NO_PROXY` matches it (undici's rules). */
export function proxyForTarget(proxy: ResolvedProxy, target: URL): ProxyEndpoint | undefined {
  if (proxy.source === 'option') return proxy.proxy;
  return target.protocol === 'https:' ? (proxy.httpsProxy ?? proxy.httpProxy) : proxy.httpProxy;
}

/** Every credential in the proxy URLs, to scrub from messages. */
export function proxySecrets(proxy: ResolvedProxy | undefined): readonly string[] {
  if (proxy === undefined) return [];
  if (proxy.source === 'option') return proxy.proxy.secrets;
  return [...(proxy.httpProxy?.secrets ?? []), ...(proxy.httpsProxy?.secrets ?? [])];
}
