import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../gateway-context.ts';
import { sendJson } from '../http/send-json.ts';

/**
 * `GET /readyz`: readiness; 503 once the gateway is draining (so the load
 * balancer stops sending it requests) or when its shared state (Redis) cannot
 * be reached, 200 otherwise.
 */
export async function readyzRoute(
  context: GatewayContext,
  _request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (context.draining()) {
    sendJson(response, 503, { status: 'draining' });
    return;
  }
  try {
    await context.state.ping();
    sendJson(response, 200, { status: 'ready' });
  } catch {
    sendJson(response, 503, {
      status: 'unavailable',
      reason: 'the shared state cannot be reached',
    });
  }
}
