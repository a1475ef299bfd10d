import {
  ConfigError,
  Conversation,
  lastMessages,
  tokenBudget,
  NotFoundError,
  type ChatModel,
  type ConversationOptions,
  type ConversationStore,
  type MemoryPolicy,
} from '@org/llm-core';
import { redactSecrets } from '@org/llm-core/adapter-kit';
import {
  CircuitBreakerRegistry,
  ResilienceEvents,
  withFallback,
  withResilience,
} from '@org/llm-resilience';
import type { Tracer } from '@opentelemetry/api';
import type { Registry, RegistryContentType } from 'prom-client';
import type {
  LlmConfig,
  ModelConfig,
  ResiliencePolicyConfig,
} from '../config/llm-config-schema.ts';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.ts';
import { logResilienceEvents } from '../logging/log-resilience-events.ts';
import { jsonLineLogger, type Logger, type LogLevel } from '../logging/logger.ts';
import { withLogging } from '../logging/with-logging.ts';
import { resolveSecrets, type ResolvedSecrets } from '../secrets/resolve-secrets.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';
import { createAdapterProvider, type ModelFactory } from './create-adapter-provider.ts';
import { loadMemoryPackage, openConfiguredStore } from './open-configured-store.ts';
import { resilienceOptionsOf } from './resilience-options-of.ts';
import { resolveGatewayConfig, type ResolvedGatewayConfig } from './resolve-gateway-config.ts';

/** Options of {@link createFromConfig}: where the configuration is, and the parts code supplies. */
export interface CreateFromConfigOptions extends LoadConfigOptions {
  /** Resolvers for other secret schemes (a vault's); one for `env`, `file` or `aws-kms` replaces the built-in. */
  readonly secretResolvers?: readonly SecretResolver[] | undefined;
  /** Where metrics go when `metrics.enabled`; default prom-client's global `register`. */
  readonly metricsRegistry?: Registry<RegistryContentType> | undefined;
  /** The tracer of spans when `tracing.enabled`; default the global provider's. */
  readonly tracer?: Tracer | undefined;
  /**
   * A pino-compatible logger. Logging is off unless a logger is passed or
   * `logging.level` is set (then records go to standard error as JSON lines
   * when no logger is passed); the level defaults to `info` with a logger.
   */
  readonly logger?: Logger | undefined;
}

/** A model the configuration names, as `LlmRuntime.models` lists it. */
export interface ConfiguredModel {
  /** The alias, e.g. `chat`. */
  readonly name: string;
  /** The `provider:model` it calls first. */
  readonly model: string;
  /** The `provider:model` ids it falls back to, in order. */
  readonly fallbacks: readonly string[];
  /** The resilience policy: a name under `resilience`, `default` for the built-in one, or `false`. */
  readonly resilience: string | false;
}

/** Options of {@link LlmRuntime.conversation}. */
export interface RuntimeConversationOptions extends Omit<
  ConversationOptions,
  'model' | 'store' | 'memory'
> {
  /** An alias or `provider:model`; default `conversations.model`, else the first alias. */
  readonly model?: string | undefined;
  /** Which messages each turn sends; default `conversations.lastMessages` or `conversations.tokenBudget`, else all. */
  readonly memory?: MemoryPolicy | undefined;
}

/** What {@link createFromConfig} returns: ready models, conversations, and their shared parts. */
export interface LlmRuntime extends AsyncDisposable {
  /**
   * The model of an alias (`chat`) or of a `provider:model` id, wrapped in
   * its resilience policy, logging, tracing and metrics as configured. The
   * same id gives the same instance.
   *
   * @throws NotFoundError for an unknown alias or provider, listing what exists.
   */
  chatModel(id: string): ChatModel;
  /** A new conversation on the configured store, with the configured model and memory. */
  conversation(options?: RuntimeConversationOptions): Conversation;
  /** The aliases of the configuration, in file order. */
  readonly models: readonly ConfiguredModel[];
  /** The configured provider names. */
  readonly providers: readonly string[];
  /** The checked configuration, with secret references (never their values): safe to print. */
  readonly config: LlmConfig;
  /** The configuration file read, or `undefined` for a configuration object. */
  readonly file: string | undefined;
  /** Every resilience layer's events (retries, fallbacks, circuits...), to subscribe to. */
  readonly events: ResilienceEvents;
  /** The conversation store. */
  readonly store: ConversationStore;
  /**
   * The circuit breaker registries of the resilience policies in use (one
   * per policy with a breaker), for a gateway that shares breaker state
   * between instances (`createGateway({ circuits })`).
   */
  readonly circuits: readonly CircuitBreakerRegistry[];
  /**
   * The `gateway` section with its secrets resolved (keys as SHA-256
   * digests, the Redis URL), or `undefined` when there is none: what
   * `llm serve` runs.
   */
  readonly gateway: ResolvedGatewayConfig | undefined;
  /** The registry metrics are recorded in, or `undefined` when metrics are off. */
  readonly metricsRegistry: Registry<RegistryContentType> | undefined;
  /** `text` without any resolved secret or key-like value (for your own logs). */
  redact(text: string): string;
  /** Closes the store and stops logging. Models stay usable for calls in flight. */
  close(): Promise<void>;
}

/** The built-in policy's name, used when a model names none and `resilience.default` does not exist. */
const builtInPolicy = 'default';

/**
 * Builds everything a configuration describes: reads the file (or object),
 * the `.env` file and the `LLM__` overrides, checks them, resolves every
 * secret (failing now, not at the first request, with the reference's name
 * and never its value), creates each provider through its adapter, and
 * returns models wrapped in their resilience policy, logging, tracing and
 * metrics, plus conversations on the configured store.
 *
 * The same application code runs on OpenAI or on Claude by changing the
 * configuration alone (`models.chat`, or `LLM__MODELS__CHAT`).
 *
 * @example
 * const llm = await createFromConfig(); // llm.config.yaml in the working directory
 * const answer = await llm.chatModel('chat').generate({ messages: [{ role: 'user', content: 'Hi' }] });
 *
 * @throws ConfigError listing every problem of the configuration, or every secret that cannot be resolved.
 */
export async function createFromConfig(options: CreateFromConfigOptions = {}): Promise<LlmRuntime> {
  const loaded = loadConfig(options);
  const { config } = loaded;
  // Variables of the .env file reach the adapters too (proxies read the
  // environment), unless the application passed its own environment.
  if (options.env === undefined) {
    for (const name of loaded.envFileVariables) process.env[name] ??= loaded.env[name];
  }
  const cwd = options.cwd ?? process.cwd();
  const secrets = await resolveSecrets(config, { env: loaded.env, cwd }, options.secretResolvers);
  const redactions = [...secrets.values, ...proxyPasswords(config, secrets)];

  const factories = new Map<string, ModelFactory>();
  for (const [name, provider] of Object.entries(config.providers)) {
    factories.set(name, await createAdapterProvider(name, provider, secrets));
  }

  const events = new ResilienceEvents();
  const level: LogLevel = config.logging?.level ?? (options.logger === undefined ? 'off' : 'info');
  const logger = level === 'off' ? undefined : (options.logger ?? jsonLineLogger());
  const stopLogging =
    logger === undefined ? () => undefined : logResilienceEvents(events, logger, level, redactions);

  const metricsOn = config.metrics?.enabled === true;
  const tracingOn = config.tracing?.enabled === true;
  const prometheus = metricsOn ? await import('@org/llm-prometheus') : undefined;
  const otel = tracingOn ? await import('@org/llm-otel') : undefined;
  const metricsRegistry = metricsOn
    ? (options.metricsRegistry ?? (await import('prom-client')).register)
    : undefined;

  const opened = await openConfiguredStore(config.store, secrets);
  const budget = config.conversations?.tokenBudget;
  // Exact OpenAI encodings and the calibrated Claude estimate of @org/llm-memory.
  const counters =
    budget === undefined
      ? undefined
      : (await loadMemoryPackage('conversations.tokenBudget')).tokenCounterFor;
  const defaultMemory = (): MemoryPolicy | undefined => {
    const keep = config.conversations?.lastMessages;
    if (keep !== undefined) return lastMessages(keep);
    if (budget === undefined) return undefined;
    return tokenBudget({
      counter: counters,
      ...(budget === true ? {} : budget),
    });
  };

  const aliases: Readonly<Record<string, ModelConfig>> = config.models ?? {};
  const policies: Readonly<Record<string, ResiliencePolicyConfig>> = config.resilience ?? {};
  const circuits = new Map<string, CircuitBreakerRegistry | undefined>();
  const baseModels = new Map<string, ChatModel>();
  const configured = new Map<string, ChatModel>();

  const describeKnown = (): string =>
    `Configured providers: ${Object.keys(config.providers).join(', ') || '(none)'}; aliases: ${Object.keys(aliases).join(', ') || '(none)'}.`;

  /** An alias's chain, or a `provider:model` id's own, as `provider:model` ids. */
  const entryOf = (id: string): ConfiguredModel => {
    const entry = aliases[id];
    if (entry === undefined) {
      return { name: id, model: id, fallbacks: [], resilience: defaultPolicy() };
    }
    const follow = (target: string): string => {
      let current = target;
      for (let hops = 0; hops < 10 && Object.hasOwn(aliases, current); hops++) {
        const next: ModelConfig = aliases[current]!;
        current = typeof next === 'string' ? next : next.model;
      }
      return current;
    };
    if (typeof entry === 'string') {
      // An alias of an alias takes that alias's chain.
      const inner = Object.hasOwn(aliases, entry) ? entryOf(entry) : undefined;
      return inner === undefined
        ? { name: id, model: entry, fallbacks: [], resilience: defaultPolicy() }
        : { ...inner, name: id };
    }
    return {
      name: id,
      model: follow(entry.model),
      fallbacks: (entry.fallbacks ?? []).map(follow),
      resilience: entry.resilience ?? defaultPolicy(),
    };
  };

  function defaultPolicy(): string | false {
    return config.defaults?.resilience ?? builtInPolicy;
  }

  const baseModel = (id: string): ChatModel => {
    let model = baseModels.get(id);
    if (model === undefined) {
      const cut = id.indexOf(':');
      const factory = cut > 0 ? factories.get(id.slice(0, cut)) : undefined;
      if (factory === undefined || cut === id.length - 1) {
        throw new NotFoundError(
          `Unknown model '${id}': use an alias or 'provider:model' with a configured provider. ${describeKnown()}`,
        );
      }
      model = factory(id.slice(cut + 1));
      baseModels.set(id, model);
    }
    return model;
  };

  const circuitsOf = (
    name: string,
    policy: ResiliencePolicyConfig,
  ): CircuitBreakerRegistry | undefined => {
    if (!circuits.has(name)) {
      circuits.set(
        name,
        policy.breaker === false
          ? undefined
          : new CircuitBreakerRegistry({ ...policy.breaker, events }),
      );
    }
    return circuits.get(name);
  };

  const build = (entry: ConfiguredModel): ChatModel => {
    const chain = [entry.model, ...entry.fallbacks].map(baseModel);
    let model: ChatModel;
    if (entry.resilience === false) {
      model = chain.length === 1 ? chain[0]! : withFallback(chain, { events });
    } else {
      const policy = policies[entry.resilience] ?? {};
      model = withResilience(
        chain,
        resilienceOptionsOf(policy, events, circuitsOf(entry.resilience, policy)),
      );
    }
    if (logger !== undefined) model = withLogging(model, { logger, level, secrets: redactions });
    if (otel !== undefined) {
      model = otel.withTracing(model, {
        tracer: options.tracer,
        captureContent: config.tracing?.captureContent,
        propagateContext: config.tracing?.propagateContext,
        events,
      });
    }
    if (prometheus !== undefined) {
      model = prometheus.withMetrics(model, {
        registry: metricsRegistry,
        prefix: config.metrics?.prefix,
        events,
      });
    }
    return model;
  };

  const chatModel = (id: string): ChatModel => {
    let model = configured.get(id);
    if (model === undefined) {
      if (!Object.hasOwn(aliases, id) && !id.includes(':')) {
        throw new NotFoundError(`Unknown model '${id}': it is not an alias. ${describeKnown()}`);
      }
      model = build(entryOf(id));
      configured.set(id, model);
    }
    return model;
  };

  // Every alias is built now, so a mistake in the chain fails at start-up.
  const models = Object.keys(aliases).map(entryOf);
  for (const { name } of models) chatModel(name);
  for (const name of config.gateway?.models ?? []) chatModel(name);

  const conversation = (conversationOptions: RuntimeConversationOptions = {}): Conversation => {
    const { model: id, memory, ...rest } = conversationOptions;
    const modelId = id ?? config.conversations?.model ?? models[0]?.name;
    if (modelId === undefined) {
      throw new ConfigError(
        "conversation() needs a model: pass { model: 'provider:model' }, set conversations.model, or add an alias under models.",
      );
    }
    return new Conversation({
      ...rest,
      model: chatModel(modelId),
      store: opened.store,
      memory: memory ?? defaultMemory(),
    });
  };

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      stopLogging();
      await opened.close();
    })());

  return {
    chatModel,
    conversation,
    models,
    providers: Object.keys(config.providers),
    config,
    file: loaded.file,
    events,
    store: opened.store,
    get circuits() {
      return [...circuits.values()].filter((registry) => registry !== undefined);
    },
    gateway: resolveGatewayConfig(config.gateway, secrets),
    metricsRegistry,
    redact: (text) => redactSecrets(text, redactions),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Passwords of the proxy and gateway Redis URLs (written in the file, or behind a reference), to scrub like any secret. */
function proxyPasswords(config: LlmConfig, secrets: ResolvedSecrets): string[] {
  const out: string[] = [];
  const urls = [
    ...Object.values(config.providers).map((provider) => provider.proxy),
    config.gateway?.redis,
  ];
  for (const value of urls) {
    if (typeof value !== 'string') continue;
    try {
      const url = new URL(secrets.get(value) ?? value);
      const password = decodeURIComponent(url.password);
      if (password !== '') out.push(password);
    } catch {
      // Not a URL: the adapter refuses it when the provider is made.
    }
  }
  return out;
}
