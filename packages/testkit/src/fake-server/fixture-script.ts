import { anthropicHeaders, anthropicKeepAlive, anthropicMalformedEvent } from './anthropic-wire.ts';
import { defineScript } from './define-script.ts';
import { FakeServerError } from './fake-server-error.ts';
import type {
  FakeEndpoint,
  FakeScript,
  FakeScriptOptions,
  FakeWire,
  WireResponse,
} from './fake-script.ts';
import { loadRecordedExchanges, resolveFixturePath } from './load-recorded-exchanges.ts';
import { openAIHeaders, openAIKeepAlive, openAIMalformedEvent } from './openai-wire.ts';
import type { RecordedExchange } from './recorded-exchange.ts';

/** Options of `openai.fixture` and `anthropic.fixture`. */
export interface FixtureScriptOptions extends FakeScriptOptions {
  /** Which exchange of a recording that holds several (cassettes, exchange lists, snapshots) to replay; 0-based, default 0. */
  readonly exchange?: number | undefined;
}

/** Splits a raw SSE body into its events, each keeping its blank-line terminator. */
export function splitSseEvents(text: string): string[] {
  const units: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/\r\n\r\n|\n\n|\r\r/g)) {
    const end = match.index + match[0].length;
    units.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) units.push(text.slice(start));
  return units;
}

/**
 * A script replaying one recorded exchange as recorded: status, headers and
 * body bytes, whatever the request asks. An SSE body is written event by
 * event, so faults and `paceMs` apply to it.
 */
export function exchangeScript(
  wire: FakeWire,
  label: string,
  exchange: RecordedExchange,
  options: FakeScriptOptions | undefined,
): FakeScript {
  const { status, headers, body } = exchange.response;
  const streamed = (headers['content-type'] ?? '').includes('text/event-stream');
  const units = streamed ? splitSseEvents(body) : [body];
  const endpoints: readonly FakeEndpoint[] =
    wire === 'openai'
      ? ['openai-chat']
      : exchange.request?.url.includes('/count_tokens') === true
        ? ['anthropic-count-tokens']
        : ['anthropic-messages'];
  return defineScript(wire, label, endpoints, options, (context): WireResponse => {
    const contentType = headers['content-type'] ?? 'application/json';
    const defaults =
      wire === 'openai'
        ? openAIHeaders(context, contentType)
        : anthropicHeaders(context, contentType);
    return {
      status,
      headers: { ...defaults, ...headers, ...options?.headers },
      kind: streamed ? 'events' : 'body',
      units,
      keepAlive: wire === 'openai' ? openAIKeepAlive : anthropicKeepAlive,
      malformedEvent: wire === 'openai' ? openAIMalformedEvent : anthropicMalformedEvent,
    };
  });
}

function load(wire: FakeWire, path: string): RecordedExchange[] {
  return loadRecordedExchanges(resolveFixturePath(path, wire));
}

/** The script of one exchange of a recording under `fixtures/<wire>/`. */
export function fixtureScript(
  wire: FakeWire,
  path: string,
  options: FixtureScriptOptions | undefined,
): FakeScript {
  const exchanges = load(wire, path);
  const index = options?.exchange ?? 0;
  const exchange = exchanges[index];
  if (exchange === undefined) {
    throw new FakeServerError(
      `${wire}.fixture(${JSON.stringify(path)}): exchange ${String(index)} does not exist; the recording holds ${String(exchanges.length)} (0 to ${String(exchanges.length - 1)}).`,
    );
  }
  const suffix = exchanges.length > 1 ? ` #${String(index)}` : '';
  return exchangeScript(
    wire,
    `${wire}.fixture(${JSON.stringify(path)})${suffix}`,
    exchange,
    options,
  );
}

/** One script per exchange of a recording under `fixtures/<wire>/`, in order. */
export function fixtureScripts(
  wire: FakeWire,
  path: string,
  options: FakeScriptOptions | undefined,
): FakeScript[] {
  return load(wire, path).map((exchange, index) =>
    exchangeScript(
      wire,
      `${wire}.fixture(${JSON.stringify(path)}) #${String(index)}`,
      exchange,
      options,
    ),
  );
}
