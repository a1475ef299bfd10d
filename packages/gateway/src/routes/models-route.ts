import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../gateway-context.ts';
import { clientErrorHeaders, describeClientError } from '../http/describe-client-error.ts';
import { errorBodyFor, requestWire } from '../http/request-wire.ts';
import { sendJson } from '../http/send-json.ts';

/**
 * `GET /v1/models`: the models the caller's key may use, in the shape of the
 * caller's wire (OpenAI's `{ object: 'list', data }`, or Anthropic's
 * `{ data, has_more, first_id, last_id }` when `anthropic-version` is sent).
 */
export function modelsRoute(
  context: GatewayContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const key = context.keyring.authenticate(request.headers);
    const names = context.models.names.filter((name) => context.models.allows(key, name));
    if (requestWire(request) === 'anthropic') {
      sendJson(response, 200, {
        data: names.map((name) => ({
          type: 'model',
          id: name,
          display_name: name,
          created_at: '1970-01-01T00:00:00Z',
        })),
        has_more: false,
        first_id: names[0] ?? null,
        last_id: names.at(-1) ?? null,
      });
    } else {
      sendJson(response, 200, {
        object: 'list',
        data: names.map((name) => ({
          id: name,
          object: 'model',
          created: 0,
          owned_by: context.models.providerOf(name),
        })),
      });
    }
  } catch (error) {
    const described = describeClientError(error);
    const { status, body } = errorBodyFor(request, described);
    sendJson(response, status, body, clientErrorHeaders(described));
  }
  return Promise.resolve();
}
