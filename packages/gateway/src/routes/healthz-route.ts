import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/send-json.ts';

/** `GET /healthz`: liveness; 200 while the process serves HTTP at all. */
export function healthzRoute(
  _context: unknown,
  _request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  sendJson(response, 200, { status: 'ok' });
  return Promise.resolve();
}
