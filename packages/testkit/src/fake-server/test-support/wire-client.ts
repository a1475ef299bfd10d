// Test helpers: talk to the fake server with plain fetch and read the wire.
import { setTimeout as realSleep } from 'node:timers/promises';

/** POSTs a JSON body and returns the response. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Splits an SSE body into its events (the text between blank lines). */
export function sseEvents(text: string): string[] {
  return text.split('\n\n').filter((event) => event !== '');
}

/** The JSON data payloads of an OpenAI stream, with `[DONE]` kept as a string. */
export function openAIPayloads(text: string): unknown[] {
  return sseEvents(text).map((event) => {
    const data = event.replace(/^data: /, '');
    return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
  });
}

/** The `event:` names and data payloads of an Anthropic stream. */
export function anthropicEvents(text: string): { event: string; data: unknown }[] {
  return sseEvents(text).map((block) => {
    const [eventLine = '', dataLine = ''] = block.split('\n');
    return {
      event: eventLine.replace(/^event: /, ''),
      data: JSON.parse(dataLine.replace(/^data: /, '')) as unknown,
    };
  });
}

/** Response headers as a plain object, without the ones Node sets per connection. */
export function wireHeaders(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name))
      out[name] = value;
  });
  return out;
}

/**
 * Waits a little real time (even under fake timers), so that bytes the server
 * would send have had time to arrive. Used only to prove that nothing arrives.
 */
export function letBytesArrive(ms = 30): Promise<void> {
  return realSleep(ms);
}

/** Resolves with `'pending'` when `promise` has not settled yet. */
export async function stateOf(promise: Promise<unknown>): Promise<'pending' | 'settled'> {
  const marker = Symbol('pending');
  const result = await Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    Promise.resolve(marker),
  ]);
  return result === marker ? 'pending' : 'settled';
}

/** A fixed server clock for snapshots: 2026-01-01T00:00:00Z. */
export const fixedNow = (): number => Date.UTC(2026, 0, 1);
