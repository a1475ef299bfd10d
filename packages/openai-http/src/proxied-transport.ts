import { mapProxyFailure, type ResolvedProxy } from '@org/llm-core/adapter-kit';
import type { HttpTransport } from './http-transport.ts';

/** The `model` of a request body, for the error's fields (read only when a request failed). */
function modelOf(body: string): string | undefined {
  try {
    const model = (JSON.parse(body) as { model?: unknown }).model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The transport, with failures of the proxy itself (refused, down, a CONNECT
 * answered with an error status) turned into a `ConnectionError` that names
 * the proxy instead of the base URL. The adapter's own error mapping passes
 * our errors through. Without a proxy, the transport as it is.
 */
export function withProxyFailures(
  transport: HttpTransport,
  proxy: ResolvedProxy | undefined,
  provider: string,
  baseURL: string,
): HttpTransport {
  if (proxy === undefined) return transport;
  return (request) =>
    transport(request).catch((error: unknown) => {
      throw (
        mapProxyFailure(error, proxy, { provider, baseURL, modelId: modelOf(request.body) }) ??
        error
      );
    });
}
