import { ConnectionError } from '../errors/transport-errors.ts';
import { redactSecrets } from '../errors/redact-secrets.ts';
import {
  proxyForTarget,
  proxySecrets,
  type ProxyEndpoint,
  type ResolvedProxy,
} from './resolve-proxy.ts';

/** Who was calling through the proxy, for the error's fields and message. */
export interface ProxyFailureContext {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request, when known. */
  readonly modelId?: string | undefined;
  /** Base URL of the provider: where the proxy was asked to connect. */
  readonly baseURL: string;
  /** Exact secrets (API keys) to scrub from the message, on top of the proxy's credentials. */
  readonly secrets?: readonly string[] | undefined;
}

// Socket failures of a connection to the proxy itself.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN']);

// What undici's ProxyAgent rejects with when the proxy answers CONNECT with another status than 200.
const tunnelRefused = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

interface SocketFields {
  readonly code?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly hostname?: unknown;
  readonly socket?: { readonly remoteAddress?: unknown; readonly remotePort?: unknown };
  readonly message?: unknown;
  readonly cause?: unknown;
}

/** The error and its `cause` chain (fetch and the SDKs wrap the socket error). */
function chain(error: unknown): SocketFields[] {
  const out: SocketFields[] = [];
  for (let current = error; typeof current === 'object' && current !== null && out.length < 6;) {
    out.push(current);
    current = (current as SocketFields).cause;
  }
  return out;
}

const isIpAddress = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':');

/** Whether a socket error is about `proxy` (its port, and its address when the proxy is given by address). */
function concernsProxy(link: SocketFields, proxy: ProxyEndpoint): boolean {
  const code = link.code;
  if (typeof code !== 'string') return false;
  if (dnsCodes.has(code)) return link.hostname === proxy.hostname;
  if (!socketCodes.has(code)) return false;
  const port = link.port ?? link.socket?.remotePort;
  const address = link.address ?? link.socket?.remoteAddress;
  if (port !== proxy.port) return false;
  return !isIpAddress(proxy.hostname) || address === undefined || address === proxy.hostname;
}

const statusText: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Turns a failure of the proxy (refused, down, unknown host, or a CONNECT it
 * answered with an error status) into a `ConnectionError` that names the
 * proxy, where it was configured and what to do, instead of the provider's
 * base URL. `undefined` when the failure is not the proxy's (a request
 * `NO_PROXY` sent direct, a provider that hung up).
 *
 * The message never holds the proxy's credentials: it shows
 * `scheme://host:port` only. A refused CONNECT (403, 407) is not retryable;
 * a proxy that is down or could not reach the provider is.
 */
export function mapProxyFailure(
  error: unknown,
  proxy: ResolvedProxy | undefined,
  context: ProxyFailureContext,
): ConnectionError | undefined {
  if (proxy === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(context.baseURL);
  } catch {
    return undefined;
  }
  const endpoint = proxyForTarget(proxy, target);
  if (endpoint === undefined) return undefined;
  const secrets = [...(context.secrets ?? []), ...proxySecrets(proxy)];
  const options = { provider: context.provider, modelId: context.modelId, cause: error };
  const where = `the proxy at ${endpoint.display} (from ${endpoint.from})`;
  const targetHost = `${target.hostname}:${target.port === '' ? (target.protocol === 'https:' ? '443' : '80') : target.port}`;
  for (const link of chain(error)) {
    const refused = typeof link.message === 'string' ? tunnelRefused.exec(link.message) : null;
    if (refused !== null) {
      const status = Number(refused[1]);
      const answer = `HTTP ${status}${statusText[status] === undefined ? '' : ` ${statusText[status]}`}`;
      // 407 is the standard answer; some proxies (tinyproxy) answer a tunnel's bad credentials with 401.
      const advice =
        status === 407 || status === 401
          ? endpoint.hasCredentials
            ? 'it rejected the user name and password in the proxy URL; check them.'
            : 'it wants credentials; put them in the proxy URL (http://user:password@host:port).'
          : status === 403
            ? `its rules do not allow connections to ${targetHost}; ask for that host and port to be allowed, or list the host in NO_PROXY.`
            : `it could not reach ${targetHost}; check ${context.provider}'s base URL and the proxy's own network access.`;
      return new ConnectionError(
        redactSecrets(
          `Could not reach ${context.provider} through ${where}: the proxy answered ${answer} when asked to connect to ${targetHost}; ${advice} The request was not sent to ${context.provider}.`,
          secrets,
        ),
        { ...options, isRetryable: status >= 500 },
      );
    }
    if (concernsProxy(link, endpoint)) {
      const code = link.code as string;
      const advice = dnsCodes.has(code)
        ? "its host name does not resolve; check the proxy URL's host."
        : `is the proxy running and listening there? Check the proxy URL in ${endpoint.from}.`;
      return new ConnectionError(
        redactSecrets(
          `Could not connect to ${where} to reach ${context.provider} (${code}): ${advice} The request was not sent to ${context.provider}.`,
          secrets,
        ),
        options,
      );
    }
  }
  return undefined;
}
