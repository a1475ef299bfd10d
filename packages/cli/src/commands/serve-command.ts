import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '@org/llm-core';
import type { GatewayKey } from '@org/llm-gateway';
import type { Command } from '../command.ts';
import { CommandLineError, exitCodes } from '../report-error.ts';
import { untilShutdownSignal } from '../shutdown-signal.ts';

/** A port given on the command line. */
function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new CommandLineError(`--port ${value}: give a port number from 0 to 65535.`);
  }
  return port;
}

/** `llm serve`: the OpenAI- and Anthropic-compatible gateway over the configured models. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'the OpenAI- and Anthropic-compatible gateway over the configured models',
  usage: 'llm serve [--port n] [--host address] [options]',
  description: [
    'Serves the models of the configuration through @org/llm-gateway: POST',
    '/v1/chat/completions (OpenAI), POST /v1/messages (Anthropic), GET /v1/models, /metrics,',
    '/healthz and /readyz, with the resilience, fallbacks, metrics and store the',
    'configuration gives them. Its `gateway` section names the served models (default: every',
    'alias), the keys clients present (each a secret reference or a SHA-256 digest, with',
    'model allow-list, RPM/TPM limits and a USD budget) and the Redis URL that several',
    'instances share limits, budgets and circuit breakers through. Standard output gets the',
    'URL. SIGTERM or Ctrl-C drains: /readyz turns 503, open answers and streams finish (up to',
    'gateway.drainTimeoutMs), then it exits; a second signal exits at once.',
  ].join('\n'),
  options: {
    port: {
      type: 'string',
      short: 'p',
      valueName: 'n',
      description: 'the port (default: gateway.port, else 8080; 0 picks a free one)',
    },
    host: {
      type: 'string',
      valueName: 'address',
      description: 'the address to listen on (default: gateway.host, else 127.0.0.1)',
    },
  },
  examples: ['llm serve', 'llm serve --config gateway.llm.config.yaml --host 0.0.0.0 --port 8080'],
  async run(context) {
    const { options, out, err } = context;
    const port = typeof options.port === 'string' ? portOf(options.port) : undefined;
    const [
      { openRuntime },
      { createGateway, createInMemoryGatewayState, createRedisGatewayState },
    ] = await Promise.all([import('../open-runtime.ts'), import('@org/llm-gateway')]);
    await using runtime = await openRuntime(context);
    const settings = runtime.gateway;
    const keys: GatewayKey[] = [...(settings?.keys ?? [])];
    if (keys.length === 0) {
      throw new ConfigError(
        'llm serve needs gateway keys: add gateway.keys to the configuration, each { id, key: env:NAME } (or sha256), so that only your clients can spend on your providers. See docs/guides/cli.md#llm-serve.',
      );
    }
    const models = settings?.models ?? runtime.models.map((model) => model.name);
    if (models.length === 0) {
      throw new ConfigError(
        'llm serve has no model to serve: add aliases under models, or list gateway.models.',
      );
    }

    let redis: { quit(): Promise<unknown>; disconnect(): void } | undefined;
    let state = createInMemoryGatewayState();
    if (settings?.redisUrl !== undefined) {
      const { Redis } = await import('ioredis');
      const client = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
      redis = client;
      try {
        await client.connect();
      } catch (error) {
        client.disconnect();
        throw new ConfigError(
          `gateway.redis: cannot reach Redis (${(error as Error).message}); check the URL and that Redis runs.`,
          { cause: error },
        );
      }
      state = createRedisGatewayState({ redis: client, prefix: settings.redisKeyPrefix });
    }
    try {
      const gateway = createGateway({
        registry: runtime,
        models,
        keys,
        state,
        conversations: settings?.conversations === true ? runtime.store : undefined,
        circuits: runtime.circuits,
        circuitSyncIntervalMs: settings?.circuitSyncIntervalMs,
        maxBodyBytes: settings?.maxBodyBytes,
        drainTimeoutMs: settings?.drainTimeoutMs,
        metrics: runtime.metricsRegistry,
      });
      const host =
        typeof options.host === 'string' ? options.host : (settings?.host ?? '127.0.0.1');
      const { url } = await gateway.listen(port ?? settings?.port ?? 8080, host);
      out.line(url);
      err.line(
        `${err.style('bold', 'llm serve')}: gateway on ${url} serving ${models.join(', ')} to ${String(keys.length)} key${keys.length === 1 ? '' : 's'}, state ${redis === undefined ? 'in this process' : 'in Redis'}. Ctrl-C or SIGTERM drains and stops.`,
      );

      const signal = await untilShutdownSignal();
      // A second signal means "now": no more draining.
      const force = (): void => {
        process.exit(exitCodes.interrupted);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      try {
        err.line(`${signal}: draining (not ready any more; open answers finish).`);
        gateway.drain();
        const delayMs = settings?.shutdownDelayMs ?? 0;
        if (delayMs > 0) await sleep(delayMs);
        await gateway.close();
        err.line('Stopped.');
      } finally {
        process.off('SIGINT', force);
        process.off('SIGTERM', force);
      }
    } finally {
      if (redis !== undefined) {
        const client = redis;
        await client.quit().catch(() => {
          client.disconnect();
        });
      }
    }
    return exitCodes.ok;
  },
};
