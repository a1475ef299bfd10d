import type { IncomingHttpHeaders } from 'node:http';
import type { WireResponse } from './fake-script.ts';

/**
 * The API key a request carried: `authorization` without its scheme, else
 * `x-api-key`, else `api-key`; `undefined` when it carried none.
 */
export function requestApiKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.trim() !== '')
    return authorization.replace(/^\s*\w+\s+/, '').trim();
  for (const name of ['x-api-key', 'api-key']) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

const decoder = new TextDecoder();

function text(unit: string | Uint8Array): string {
  return typeof unit === 'string' ? unit : decoder.decode(unit);
}

/** Puts the key into an error envelope: its message, a request id and an echo of the headers. */
function echoInPayload(payload: Record<string, unknown>, key: string): Record<string, unknown> {
  const said = `(the request carried Authorization: Bearer ${key})`;
  const out: Record<string, unknown> = { request_id: `req_${key}` };
  for (const [name, value] of Object.entries(payload)) {
    if (name !== 'request_id') out[name] = value;
  }
  const inner = out.error;
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
    const error = { ...(inner as Record<string, unknown>) };
    error.message = `${typeof error.message === 'string' ? error.message : 'error'} ${said}`;
    out.error = error;
  } else if (typeof inner === 'string') {
    out.error = `${inner} ${said}`;
  } else {
    out.message = `${typeof out.message === 'string' ? out.message : 'error'} ${said}`;
  }
  out.echo = { authorization: `Bearer ${key}`, 'x-api-key': key };
  return out;
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The payload with the key in it, as JSON; for a payload too deep for
 * `JSON.stringify`, the key goes in as a first `request_id` field, by text.
 */
function echoedJson(json: string, payload: Record<string, unknown>, key: string): string {
  try {
    return JSON.stringify(echoInPayload(payload, key));
  } catch {
    return json.replace(/^\s*\{/, `{"request_id":"req_${key}",`);
  }
}

function echoInBody(body: string, key: string): string {
  const payload = parseObject(body);
  if (payload !== undefined) return echoedJson(body, payload, key);
  // Plain text or an HTML page: the key in the title, and as a proxy prints a request's headers.
  const titled = body.replace(/<\/title>/i, ` ${key}</title>`);
  return `${titled}\nAuthorization: Bearer ${key}\n${key}\n`;
}

/** The key in the data of an SSE error event (`event: error`, or data holding an `error`). */
function echoInEvent(event: string, key: string): string {
  const isErrorEvent = /^event:\s*error\s*$/m.test(event);
  return event.replace(/^data: ?(.*)$/gm, (line, data: string) => {
    const payload = parseObject(data);
    if (payload === undefined || (!isErrorEvent && payload.error === undefined)) return line;
    return `data: ${echoedJson(data, payload, key)}`;
  });
}

/**
 * The answer with the request's API key echoed back, as a misconfigured auth
 * proxy or a debugging server does (the `echo-key` fault): in the request id
 * headers, in `x-echoed-authorization` and `www-authenticate`, in an error
 * body's message and request id (JSON envelopes, SSE error events), in a
 * plain-text or HTML body (and an HTML page's title), and at the start of the
 * data of a `malformed` fault's event.
 */
export function echoKey(response: WireResponse, key: string): WireResponse {
  const headers: Record<string, string> = {
    ...response.headers,
    'x-request-id': `req_${key}`,
    'request-id': `req_${key}`,
    'x-echoed-authorization': `Bearer ${key}`,
    'www-authenticate': `Bearer realm="api", error="invalid_token", error_description="key ${key} rejected"`,
  };
  const units =
    response.kind === 'body'
      ? [echoInBody(response.units.map(text).join(''), key)]
      : response.units.map((unit) => echoInEvent(text(unit), key));
  return {
    ...response,
    headers,
    units,
    malformedEvent: response.malformedEvent.replace(/^data: ?/m, `data: ${key} `),
  };
}
