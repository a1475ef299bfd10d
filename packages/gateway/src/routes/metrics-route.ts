import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../gateway-context.ts';

/**
 * Where `/metrics` reads its text: a prom-client `Registry` (or anything
 * with `metrics()` and `contentType`), or a function returning Prometheus
 * exposition text.
 */
export type MetricsSource =
  | {
      /** The exposition text (prom-client's `register.metrics()`). */
      metrics(): string | Promise<string>;
      /** Its content type; Prometheus text format 0.0.4 by default. */
      readonly contentType?: string | undefined;
    }
  | (() => string | Promise<string>);

const prometheusText = 'text/plain; version=0.0.4; charset=utf-8';

/** `GET /metrics`: the configured metrics source's text; 404 when there is none. */
export async function metricsRoute(
  context: GatewayContext,
  _request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const source = context.metrics;
  if (source === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('No metrics configured.\n');
    return;
  }
  try {
    const text = typeof source === 'function' ? await source() : await source.metrics();
    const type =
      typeof source === 'function' ? prometheusText : (source.contentType ?? prometheusText);
    response.writeHead(200, { 'content-type': type }).end(text);
  } catch (error) {
    context.report(error);
    response
      .writeHead(500, { 'content-type': 'text/plain' })
      .end('Metrics failed; see the gateway log.\n');
  }
}
