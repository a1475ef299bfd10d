import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, LlmError, NotFoundError, type ConversationStore } from '@org/llm-core';
import type { CircuitBreakerRegistry } from '@org/llm-resilience';
import type { GatewayKey } from './auth/gateway-key.ts';
import { GatewayKeyring } from './auth/gateway-keyring.ts';
import { ModelRouter, type GatewayModelSource } from './chat/model-router.ts';
import { systemClock, type GatewayClock } from './circuits/gateway-clock.ts';
import { SharedCircuitBreakers } from './circuits/shared-circuit-breakers.ts';
import type { GatewayContext } from './gateway-context.ts';
import { describeClientError } from './http/describe-client-error.ts';
import { errorBodyFor } from './http/request-wire.ts';
import { sendJson } from './http/send-json.ts';
import { KeyLimits } from './limits/key-limits.ts';
import { chatCompletionsRoute } from './routes/chat-completions-route.ts';
import { healthzRoute } from './routes/healthz-route.ts';
import { messagesRoute } from './routes/messages-route.ts';
import { metricsRoute, type MetricsSource } from './routes/metrics-route.ts';
import { modelsRoute } from './routes/models-route.ts';
import { readyzRoute } from './routes/readyz-route.ts';
import { createInMemoryGatewayState } from './state/in-memory-gateway-state.ts';
import type { GatewayState } from './state/gateway-state.ts';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** Where models come from: a `createRegistry(...)` registry, its models wrapped in resilience and fallbacks as you want them. */
  readonly registry: GatewayModelSource;
  /** The model names clients may ask for (aliases or `provider:model` ids of the registry); `GET /v1/models` lists them. */
  readonly models: readonly string[];
  /** The gateway keys clients present, stored as SHA-256 digests. */
  readonly keys: readonly GatewayKey[];
  /** Shared limits, budgets and circuits; default in this process (one instance). Use `createRedisGatewayState` for several. */
  readonly state?: GatewayState | undefined;
  /**
   * Where conversations are stored; with it, a request with
   * `x-conversation-id` sends only its new messages and the gateway keeps
   * the history. Any `ConversationStore` (Redis or PostgreSQL for several instances).
   */
  readonly conversations?: ConversationStore | undefined;
  /**
   * The circuit breakers of the served models (`withResilience(...).circuits`).
   * With them, an outage one instance sees opens the same circuits on every
   * instance sharing `state` within one `circuitSyncIntervalMs`.
   */
  readonly circuits?: CircuitBreakerRegistry | readonly CircuitBreakerRegistry[] | undefined;
  /** How often instances read the shared circuits, in milliseconds (the probe interval); default 1,000. */
  readonly circuitSyncIntervalMs?: number | undefined;
  /** Largest request body in bytes; default 10 MiB (images travel inline). */
  readonly maxBodyBytes?: number | undefined;
  /** What `GET /metrics` serves (a prom-client registry or a function); 404 without it. */
  readonly metrics?: MetricsSource | undefined;
  /** How long `close()` waits for open requests and streams, in milliseconds; default 30,000. */
  readonly drainTimeoutMs?: number | undefined;
  /** The clock; tests drive it by hand. */
  readonly clock?: GatewayClock | undefined;
  /**
   * Receives unexpected errors (answered as 500) and failures to reach the
   * shared state; default: one JSON line on stderr (an `LlmError`'s redacted
   * `toJSON()`, never its cause).
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A gateway: an HTTP server and its lifecycle. */
export interface Gateway {
  /** The Node server (not listening until {@link Gateway.listen}). */
  readonly server: Server;
  /** Starts listening; resolves with the URL (`http://127.0.0.1:<port>`). Port 0 picks a free one. */
  listen(port?: number, host?: string): Promise<{ readonly url: string; readonly port: number }>;
  /** Marks the gateway not ready (`/readyz` answers 503) while it keeps serving: the first step of a graceful shutdown. */
  drain(): void;
  /**
   * Graceful shutdown: stops accepting connections, lets open requests and
   * streams finish (up to `drainTimeoutMs`, then aborts them), closes idle
   * keep-alive connections and stops the circuit sync.
   */
  close(): Promise<void>;
  /** Reads the shared circuits now (normally done every `circuitSyncIntervalMs`). */
  syncCircuits(): Promise<void>;
}

type Route = (
  context: GatewayContext,
  request: IncomingMessage,
  response: ServerResponse,
  signal: AbortSignal,
) => Promise<void>;

const routes: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  '/v1/chat/completions': { POST: chatCompletionsRoute },
  '/v1/messages': { POST: messagesRoute },
  '/v1/models': { GET: modelsRoute },
  '/metrics': { GET: metricsRoute },
  '/healthz': { GET: healthzRoute },
  '/readyz': { GET: readyzRoute },
};

function defaultReport(error: unknown): void {
  const entry = LlmError.isInstance(error)
    ? error.toJSON()
    : {
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      };
  process.stderr.write(
    `${JSON.stringify({ level: 'error', source: '@org/llm-gateway', ...entry })}\n`,
  );
}

function checkPositive(value: number | undefined, name: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new ConfigError(
      `Gateway option ${name} must be a positive number, got ${String(value)}.`,
    );
  }
}

/**
 * An OpenAI- and Anthropic-compatible HTTP gateway in front of the models of
 * a registry: `POST /v1/chat/completions`, `POST /v1/messages`,
 * `GET /v1/models`, `GET /metrics`, `GET /healthz`, `GET /readyz`.
 *
 * Clients authenticate with gateway keys (never the providers' keys, which
 * stay in the adapters); each key has a model allow-list, RPM/TPM limits and
 * a USD budget, enforced across every instance that shares `state`.
 *
 * @example
 * const gateway = createGateway({
 *   registry,
 *   models: ['fast', 'anthropic:claude-sonnet-4-6'],
 *   keys: [{ id: 'search', sha256: hashGatewayKey(process.env.SEARCH_KEY!), rpm: 600 }],
 * });
 * const { url } = await gateway.listen(8080, '0.0.0.0');
 * process.on('SIGTERM', () => void gateway.close());
 */
export function createGateway(options: GatewayOptions): Gateway {
  for (const key of options.keys) {
    checkPositive(key.rpm, `keys['${key.id}'].rpm`);
    checkPositive(key.tpm, `keys['${key.id}'].tpm`);
    checkPositive(key.budget?.usd, `keys['${key.id}'].budget.usd`);
  }
  checkPositive(options.maxBodyBytes, 'maxBodyBytes');
  checkPositive(options.circuitSyncIntervalMs, 'circuitSyncIntervalMs');
  checkPositive(options.drainTimeoutMs, 'drainTimeoutMs');
  const clock = options.clock ?? systemClock;
  const state = options.state ?? createInMemoryGatewayState();
  const report = options.onError ?? defaultReport;
  let draining = false;
  const context: GatewayContext = {
    keyring: new GatewayKeyring(options.keys),
    models: new ModelRouter(options.registry, options.models),
    limits: new KeyLimits(state, clock),
    state,
    conversations: options.conversations,
    clock,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    metrics: options.metrics,
    draining: () => draining,
    report,
  };
  const registries =
    options.circuits === undefined
      ? []
      : Array.isArray(options.circuits)
        ? (options.circuits as readonly CircuitBreakerRegistry[])
        : [options.circuits as CircuitBreakerRegistry];
  const sharedCircuits =
    registries.length === 0
      ? undefined
      : new SharedCircuitBreakers({
          registries,
          store: state.circuits,
          clock,
          intervalMs: options.circuitSyncIntervalMs ?? 1000,
          onError: report,
        });

  /** Every request in flight, with the controller that aborts its upstream call. */
  const inFlight = new Set<AbortController>();
  let idle: (() => void) | undefined;

  const server = createServer((request, response) => {
    const controller = new AbortController();
    inFlight.add(controller);
    response.on('close', () => {
      // Closed before the answer was complete: the client went away.
      if (!response.writableFinished)
        controller.abort(new Error('The client closed the connection.'));
      inFlight.delete(controller);
      if (inFlight.size === 0) idle?.();
    });
    if (draining) response.setHeader('connection', 'close');
    const path = (request.url ?? '/').split('?', 1)[0]!;
    const methods = routes[path];
    const route = methods?.[request.method ?? 'GET'];
    if (route === undefined) {
      const error = describeClientError(
        new NotFoundError(
          methods === undefined
            ? `No route ${request.method ?? 'GET'} ${path} on this gateway: it serves POST /v1/chat/completions, POST /v1/messages and GET /v1/models.`
            : `${path} does not accept ${request.method ?? 'GET'}; use ${Object.keys(methods).join(' or ')}.`,
          { status: 404 },
        ),
      );
      const { body } = errorBodyFor(request, error);
      request.resume();
      sendJson(
        response,
        methods === undefined ? 404 : 405,
        body,
        methods === undefined ? {} : { allow: Object.keys(methods).join(', ') },
      );
      return;
    }
    route(context, request, response, controller.signal).catch((error: unknown) => {
      report(error);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000; // longer than the usual load balancer idle timeout (60 s)

  let closed: Promise<void> | undefined;
  return {
    server,
    async listen(port = 0, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      sharedCircuits?.start();
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return { url: `http://${shownHost}:${address.port}`, port: address.port };
    },
    drain() {
      draining = true;
    },
    close() {
      closed ??= (async () => {
        draining = true;
        sharedCircuits?.stop();
        const stopped = new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
        server.closeIdleConnections();
        // Waits until no request is in flight, or `ms` passed.
        const settled = async (ms: number): Promise<void> => {
          if (inFlight.size === 0) return;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve) => {
              idle = resolve;
            }),
            new Promise<void>((resolve) => {
              timer = setTimeout(resolve, ms);
            }),
          ]);
          clearTimeout(timer);
        };
        await settled(options.drainTimeoutMs ?? 30_000);
        if (inFlight.size > 0) {
          // Past the deadline: abort what is left; each answer then ends with its wire's error.
          for (const controller of inFlight)
            controller.abort(new Error('The gateway is shutting down.'));
          await settled(1000);
        }
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
    syncCircuits: () => sharedCircuits?.sync() ?? Promise.resolve(),
  };
}
