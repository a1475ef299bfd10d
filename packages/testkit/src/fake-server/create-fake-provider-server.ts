import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeServerError } from './fake-server-error.ts';
import type { FakeEndpoint, FakeScript, FakeScriptContext, WireResponse } from './fake-script.ts';
import { renderAnthropicError } from './anthropic-wire.ts';
import { echoKey, requestApiKey } from './echo-key.ts';
import { renderOpenAIError } from './openai-wire.ts';
import {
  parseJsonBody,
  recordHeaders,
  recordRequest,
  type RecordedRequest,
} from './recorded-request.ts';
import type { PauseCount } from './abortable-timers.ts';
import { writeWireResponse } from './write-wire-response.ts';

/**
 * Computes the script of a request when the queue is empty. Returning
 * `undefined` means "no script": the request gets the loud 500.
 */
export type FakeScriptHandler = (
  request: RecordedRequest,
) => FakeScript | undefined | Promise<FakeScript | undefined>;

/** Options of {@link createFakeProviderServer}. */
export interface FakeProviderServerOptions {
  /** The server clock in milliseconds since the epoch, for `created` fields and reset headers (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /**
   * The port on 127.0.0.1 to listen on (default 0: a free port, the right
   * choice for tests). A fixed port suits a standalone simulator
   * (`llm simulate --port 4010`) that other programs are configured to call.
   */
  readonly port?: number | undefined;
}

/**
 * A local HTTP server on 127.0.0.1 that speaks the OpenAI Chat Completions and
 * Anthropic Messages wires, answering each request with the next scripted
 * answer and recording every request.
 */
export interface FakeProviderServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `${url}/v1`: the `baseURL` of the `openai` SDK and of OpenAI-compatible clients. */
  readonly openaiBaseURL: string;
  /** `url`: the `baseURL` of `@anthropic-ai/sdk` (it appends `/v1/messages`). */
  readonly anthropicBaseURL: string;
  /** Every request received, in order (wire endpoints and unknown routes alike). */
  readonly requests: readonly RecordedRequest[];
  /**
   * The last request received; throws a {@link FakeServerError} when there is
   * none. `server.lastRequest.bodyAs('openai-chat')` (or `'anthropic-messages'`)
   * gives its body typed as that wire's request.
   */
  readonly lastRequest: RecordedRequest;
  /** How many enqueued scripts are still waiting for a request. */
  readonly pendingScripts: number;
  /**
   * How many answers are waiting on the clock right now: in a `stall` or
   * `slow-first-byte` fault, or between events paced by `paceMs`. It goes up
   * when the wait's timer is set and down when the wait ends. With fake
   * timers, move the clock once it is above 0 (and the client has read what
   * came before): then the clock runs into the wait, not into bytes still on
   * their way.
   */
  readonly paused: number;
  /** Appends scripts to the FIFO queue: each request to a wire endpoint consumes the next one. */
  enqueue(...scripts: FakeScript[]): void;
  /** Sets (or with `undefined` removes) the handler used when the queue is empty. It may be async. */
  handle(handler: FakeScriptHandler | undefined): void;
  /** Clears the queue, the handler, the recorded requests and the id counters. */
  reset(): void;
  /** Stops listening and destroys open connections; stalled streams end at once and their timers are cleared. */
  close(): Promise<void>;
}

function endpointOf(method: string, path: string): FakeEndpoint | undefined {
  if (method !== 'POST') return undefined;
  if (path.endsWith('/chat/completions')) return 'openai-chat';
  if (path.endsWith('/v1/messages/count_tokens')) return 'anthropic-count-tokens';
  if (path.endsWith('/v1/messages')) return 'anthropic-messages';
  return undefined;
}

/** The loud answer to a request the test did not script, in the wire's own envelope. */
function loudAnswer(
  wire: 'openai' | 'anthropic',
  status: number,
  message: string,
  context: Pick<FakeScriptContext, 'requestId' | 'now'>,
): WireResponse {
  // x-should-retry: false tells SDKs with their own retries not to retry a test mistake.
  const headers = { 'x-should-retry': 'false' };
  if (wire === 'anthropic') {
    return renderAnthropicError(
      status,
      { type: status === 404 ? 'not_found_error' : 'api_error', message },
      context,
      headers,
    );
  }
  return renderOpenAIError(
    status,
    {
      message,
      type: status === 404 ? 'invalid_request_error' : 'fake_server_error',
      code: status === 404 ? null : 'no_script',
    },
    context,
    headers,
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function describeRequest(request: RecordedRequest, index: number): string {
  const model = (request.body as { model?: unknown } | undefined)?.model;
  const modelText = typeof model === 'string' ? ` (model ${model})` : '';
  return `request #${String(index + 1)} ${request.method} ${request.path}${request.search}${modelText}`;
}

/**
 * Starts a fake OpenAI / Anthropic server on 127.0.0.1, on a free port
 * unless `options.port` names one.
 *
 * ```ts
 * await using server = await createFakeProviderServer();
 * server.enqueue(openai.text('Hello world'));
 * const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'test', maxRetries: 0 });
 * ```
 *
 * A request to a wire endpoint with no script (empty queue, no handler, or a
 * handler returning `undefined`), or whose script speaks the other wire,
 * gets HTTP 500 with a body that names the request, so the test fails loudly.
 * Unknown routes get a 404 in the provider's envelope and consume no script.
 */
export async function createFakeProviderServer(
  options: FakeProviderServerOptions = {},
): Promise<FakeProviderServer> {
  const now = options.now ?? Date.now;
  const queue: FakeScript[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const inFlight = new Set<AbortController>();
  const pauses: PauseCount = { count: 0 };
  let handler: FakeScriptHandler | undefined;
  const counters = new Map<string, number>();
  let closed: Promise<void> | undefined;

  // One counter per prefix, so the first completion of a test is always chatcmpl-fake000001.
  const nextId = (prefix: string): string => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}fake${String(next).padStart(6, '0')}`;
  };

  async function pickScript(request: RecordedRequest): Promise<FakeScript | string> {
    const index = requests.indexOf(request);
    const queued = queue.shift();
    let script = queued;
    if (script === undefined && handler !== undefined) {
      try {
        script = await handler(request);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `Fake provider server: the handler threw for ${describeRequest(request, index)}: ${reason}`;
      }
    }
    if (script === undefined) {
      return `Fake provider server: no script for ${describeRequest(request, index)}. Enqueue one with server.enqueue(...) or set server.handle(...).`;
    }
    if (!script.endpoints.includes(request.endpoint!)) {
      const wire = request.endpoint === 'openai-chat' ? 'openai' : 'anthropic';
      const why =
        script.wire === wire
          ? `it cannot answer ${request.endpoint!}`
          : `it speaks the ${script.wire} wire, this endpoint the ${wire} wire`;
      return `Fake provider server: script ${script.label} cannot answer ${describeRequest(request, index)}: ${why}.`;
    }
    return script;
  }

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    inFlight.add(controller);
    res.on('close', () => {
      controller.abort();
      inFlight.delete(controller);
    });
    const rawBody = await readBody(req);
    const target = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const endpoint = endpointOf(method, target.pathname);
    const request = recordRequest({
      method,
      path: target.pathname,
      search: target.search,
      headers: recordHeaders(req.headers),
      body: parseJsonBody(rawBody),
      rawBody,
      endpoint,
    });
    requests.push(request);
    const requestId = nextId('req_');
    const wire =
      endpoint === 'openai-chat' || !target.pathname.includes('/messages') ? 'openai' : 'anthropic';
    const loud = (status: number, message: string): WireResponse =>
      loudAnswer(wire, status, message, { requestId, now: now() });

    if (endpoint === undefined) {
      // What each API answers for a route it does not have.
      const notFound =
        wire === 'openai' ? `Invalid URL (${method} ${target.pathname})` : 'Not Found';
      await writeWireResponse(res, loud(404, notFound), [], 0, controller.signal);
      return;
    }
    const picked = await pickScript(request);
    if (typeof picked === 'string') {
      await writeWireResponse(res, loud(500, picked), [], 0, controller.signal);
      return;
    }
    const body = request.body as
      { stream?: unknown; stream_options?: { include_usage?: unknown } } | undefined;
    const context: FakeScriptContext = {
      request,
      endpoint,
      stream: body?.stream === true,
      includeUsage: body?.stream_options?.include_usage === true,
      requestId,
      now: now(),
      nextId,
    };
    let rendered: WireResponse;
    try {
      rendered = picked.render(context);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      rendered = loud(
        500,
        `Fake provider server: script ${picked.label} failed to render: ${reason}`,
      );
      await writeWireResponse(res, rendered, [], 0, controller.signal);
      return;
    }
    if (picked.faults.some((item) => item.kind === 'echo-key')) {
      const key = requestApiKey(req.headers);
      if (key !== undefined) rendered = echoKey(rendered, key);
    }
    await writeWireResponse(
      res,
      rendered,
      picked.faults,
      picked.paceMs,
      controller.signal,
      picked.contentEncoding,
      pauses,
    );
  }

  const server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      // An unexpected failure (the request body could not be read...): answer 500 when
      // nothing was sent yet, else drop the connection so the client sees the failure.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(
          `Fake provider server crashed: ${error instanceof Error ? error.message : String(error)}`,
        );
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${String(port)}`;

  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      for (const controller of inFlight) controller.abort();
      server.close(() => {
        resolve();
      });
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    get requests() {
      return requests;
    },
    get lastRequest() {
      const last = requests.at(-1);
      if (last === undefined) {
        throw new FakeServerError('The fake provider server has not received any request yet.');
      }
      return last;
    },
    get pendingScripts() {
      return queue.length;
    },
    get paused() {
      return pauses.count;
    },
    enqueue(...scripts) {
      for (const script of scripts) {
        if (typeof (script as Partial<FakeScript> | undefined)?.render !== 'function') {
          throw new FakeServerError(
            'enqueue() takes scripts built by openai.* or anthropic.* (e.g. openai.text("Hi")).',
          );
        }
      }
      queue.push(...scripts);
    },
    handle(next) {
      handler = next;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      handler = undefined;
      counters.clear();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
