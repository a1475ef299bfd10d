// The demo's local simulator: the test kit's fake provider server on
// 127.0.0.1, speaking the OpenAI and Anthropic wires. It plays every provider
// whose key is not set, and always the two `simulated-*` providers, since a
// real provider cannot be asked to throttle or to go down on demand.
import type { LlmRuntime } from '@org/llm';
import {
  anthropic,
  createFakeProviderServer,
  openai,
  type FakeProviderServer,
  type FakeScript,
  type FakeWire,
  type RecordedRequest,
} from '@org/llm-testkit';

/** One scripted answer, written once for both wires. */
export type SimulatedAnswer = (wire: FakeWire) => FakeScript;

/** Delay between two streamed pieces, so a streamed answer is seen arriving. */
const paceMs = 25;

function textOn(wire: FakeWire, text: string): FakeScript {
  return wire === 'openai' ? openai.text(text, { paceMs }) : anthropic.text(text, { paceMs });
}

/** The answers the demo scripts, each for either wire. */
export const simulated = {
  /** A text answer, streamed word by word when the request streams. */
  text:
    (text: string): SimulatedAnswer =>
    (wire) =>
      textOn(wire, text),

  /** A text answer computed from the request (what the model was sent). */
  reply:
    (answer: (request: RecordedRequest) => string): SimulatedAnswer =>
    (wire) => ({
      ...textOn(wire, '…'),
      label: 'simulated.reply',
      render: (context) => textOn(wire, answer(context.request)).render(context),
    }),

  /** A JSON value as the answer of a structured-output request. */
  object:
    (value: unknown): SimulatedAnswer =>
    (wire) =>
      // Claude answers a JSON-schema request with the JSON as text.
      wire === 'openai' ? openai.jsonObject(value) : anthropic.text(JSON.stringify(value)),

  /** One tool call. */
  toolCall:
    (name: string, input: Readonly<Record<string, unknown>>): SimulatedAnswer =>
    (wire) =>
      wire === 'openai'
        ? openai.toolCalls([{ name, arguments: input }])
        : anthropic.toolUse([{ name, input }]),

  /** 429 Too Many Requests with `retry-after: <seconds>`. */
  rateLimited:
    (retryAfterSeconds: number): SimulatedAnswer =>
    (wire) =>
      wire === 'openai'
        ? openai.rateLimited({ retryAfterSeconds })
        : anthropic.rateLimited({ retryAfterSeconds }),

  /** 503 Service Unavailable: the provider is down. */
  down: (): SimulatedAnswer => (wire) =>
    wire === 'openai'
      ? openai.error(503, { message: 'Service Unavailable', type: 'server_error' })
      : anthropic.error(503, { message: 'Service Unavailable', type: 'api_error' }),
} as const;

/** The local simulator and the answers it gives next. */
export interface DemoSimulator extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The `baseURL` of a provider the simulator plays, by adapter. */
  baseURLFor(adapter: 'openai-http' | 'anthropic'): string;
  /** `true` when the simulator plays a provider (by name), or the one an alias or `provider:model` id calls first. */
  plays(llm: LlmRuntime, id: string): boolean;
  /**
   * Queues answers for the next requests to the provider of `id` (an alias
   * or a `provider:model` id) when the simulator plays it; a real provider
   * answers for itself, so nothing is queued.
   */
  script(llm: LlmRuntime, id: string, ...answers: SimulatedAnswer[]): void;
}

/** The provider an alias or a `provider:model` id calls first; a provider name is itself. */
function providerOf(llm: LlmRuntime, id: string): string {
  const model = llm.models.find((entry) => entry.name === id)?.model ?? id;
  const cut = model.indexOf(':');
  return cut < 0 ? model : model.slice(0, cut);
}

/** Starts the simulator on a free port of 127.0.0.1. */
export async function startSimulator(): Promise<DemoSimulator> {
  const server: FakeProviderServer = await createFakeProviderServer();
  const plays = (llm: LlmRuntime, id: string): boolean =>
    llm.config.providers[providerOf(llm, id)]?.baseURL?.startsWith(server.url) === true;
  return {
    url: server.url,
    baseURLFor: (adapter) =>
      adapter === 'anthropic' ? server.anthropicBaseURL : server.openaiBaseURL,
    plays,
    script(llm, id, ...answers) {
      if (!plays(llm, id)) return;
      const adapter = llm.config.providers[providerOf(llm, id)]!.adapter;
      const wire: FakeWire = adapter === 'anthropic' ? 'anthropic' : 'openai';
      server.enqueue(...answers.map((answer) => answer(wire)));
    },
    [Symbol.asyncDispose]: () => server.close(),
  };
}
