import Anthropic from '@anthropic-ai/sdk';
import { ConfigError, type ChatModelSettings } from '@org/llm-core';
import { checkModelId, proxySecrets, resolveProxy } from '@org/llm-core/adapter-kit';
import {
  anthropicApiVersionFeatures,
  anthropicSdkApiVersion,
  isAnthropicApiVersion,
  type AnthropicApiVersion,
} from './anthropic-api-version.ts';
import { AnthropicChatModel, type AnthropicSdkClient } from './anthropic-chat-model.ts';
import { captureErrorResponses } from './capture-error-responses.ts';
import { createAnthropicProxyFetch } from './anthropic-proxy-fetch.ts';
import {
  anthropicModelCapabilities,
  findAnthropicModelSpec,
  unknownAnthropicModelSpec,
  type AnthropicModelSpec,
} from './anthropic-model-catalog.ts';
import { anthropicModels, findAnthropicModel } from './anthropic-models.ts';

/** Options of {@link createAnthropic}. */
export interface AnthropicOptions {
  /**
   * The API key, or a function that returns it (called per request, so keys
   * can rotate). Default: `ANTHROPIC_API_KEY`, read once here and only for
   * Anthropic's own host, so the key is never sent to another server.
   * Anthropic-compatible hosts that need no key work without one.
   */
  readonly apiKey?: string | (() => string | Promise<string>) | undefined;
  /**
   * Header that carries the key: `authorization` (`Bearer <key>`, what
   * `@anthropic-ai/sdk` 1.x sends; the default) or `x-api-key` (what API
   * version `2023-06-01` clients sent; some Anthropic-compatible hosts read
   * only this one).
   */
  readonly apiKeyHeader?: 'authorization' | 'x-api-key' | undefined;
  /** Base URL of the API; default `https://api.anthropic.com`. Requests go to `<baseURL>/v1/messages`. */
  readonly baseURL?: string | undefined;
  /** Provider id reported by models and errors; default `anthropic`. */
  readonly name?: string | undefined;
  /** Extra headers for every request (a model's and a request's own headers win). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Timeout in milliseconds; default 600,000 (ten minutes, as the SDK's).
   * `generate()` and `countTokens()` must complete within it; `stream()`
   * must receive its response headers within it and then never go silent
   * for longer (a long stream that keeps sending is never cut). Expiry
   * rejects with a `TimeoutError` of phase `request`. Retries and overall
   * deadlines belong to `@org/llm-resilience`.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * The `anthropic-version` header. Default: the version the installed
   * `@anthropic-ai/sdk` sends (`2026-10-21` for 1.x), under which the API no
   * longer takes `temperature`, `top_p` or `top_k` (they become warnings).
   * `2023-06-01` still takes them (`temperature` from 0 to 1).
   */
  readonly apiVersion?: AnthropicApiVersion | undefined;
  /** A `fetch` to send requests with (a proxy wrapper, a tracing fetch); default the global one. */
  readonly fetch?:
    ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) | undefined;
  /**
   * Proxy URL for this provider's requests (`http://user:password@host:port`),
   * over `HTTPS_PROXY` / `HTTP_PROXY`, which apply by default with
   * `NO_PROXY` (undici's `EnvHttpProxyAgent`, through the `fetch` given to
   * the SDK); `false` ignores them. Requests are tunnelled with CONNECT. A
   * failure of the proxy names the proxy, never its credentials. With your
   * own `fetch` the routing is yours: it cannot be combined with `proxy`,
   * and the proxy variables do not apply.
   */
  readonly proxy?: string | false | undefined;
  /**
   * What the adapter should assume about models, by id, over the built-in
   * catalog: a model it does not know (its output limit, thinking mode...) or
   * a correction. Partial specs are merged over the catalog entry, or over
   * the unknown-model defaults.
   */
  readonly models?: Readonly<Record<string, Partial<AnthropicModelSpec>>> | undefined;
  /**
   * Strict mode for every model of this provider: a setting or tool a model
   * cannot honour exactly (`temperature` under API version `2026-10-21`, a
   * `maxOutputTokens` above the model's limit) fails the call with an
   * `UnsupportedFeatureError` before it is sent. Default false: it is
   * dropped or clamped, reported on `result.warnings` and once per process
   * to the warning destination (stderr by default; see `setWarningHandler`).
   */
  readonly strict?: boolean | undefined;
}

/** Per-model settings of {@link AnthropicProvider.chatModel}. */
export interface AnthropicModelSettings extends ChatModelSettings {
  /** What to assume about this model, over the provider's `models` entry and the catalog. */
  readonly spec?: Partial<AnthropicModelSpec> | undefined;
  /** Extra headers for every request of this model (a request's own headers win). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Makes Claude models: call it with a model id, or use `chatModel`. Plugs
 * into `createRegistry` as it is.
 */
export interface AnthropicProvider {
  /** The model with this id. */
  (modelId: string, settings?: AnthropicModelSettings): AnthropicChatModel;
  /** The model with this id. */
  chatModel(modelId: string, settings?: AnthropicModelSettings): AnthropicChatModel;
  /** Provider id of the models, e.g. `anthropic`. */
  readonly providerId: string;
  /** Base URL requests go to. */
  readonly baseURL: string;
  /** The `anthropic-version` sent. */
  readonly apiVersion: string;
}

const anthropicBaseURL = 'https://api.anthropic.com';
const defaultTimeoutMs = 600_000;

/**
 * The SDK client without its ambient credential lookup: with no key given,
 * `@anthropic-ai/sdk` would read profiles and token files from disk. This
 * adapter sends exactly the key it was given, in the header it was told.
 */
class ExplicitCredentialsClient extends Anthropic {
  protected override _shouldResolveDefaultCredentials(): boolean {
    return false;
  }
}

function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function resolveBaseURL(base: string | undefined): string {
  const value = base ?? anthropicBaseURL;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch (error) {
    throw new ConfigError(
      `createAnthropic: baseURL '${value}' is not an absolute URL, e.g. 'https://api.anthropic.com'.`,
      { cause: error },
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`createAnthropic: baseURL '${value}' must use http: or https:.`);
  }
  return value.replace(/\/+$/, '');
}

function authValue(header: 'authorization' | 'x-api-key', key: string): string {
  return header === 'authorization' ? `Bearer ${key}` : key;
}

/**
 * Creates a provider of Claude models over the Messages API, through the
 * official `@anthropic-ai/sdk`. The SDK client is built on first use with
 * `maxRetries: 0` (retries belong to `@org/llm-resilience`) and the explicit
 * timeout, and shared by the provider's models.
 *
 * @example
 * const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const result = await anthropic('claude-sonnet-5-5').generate({
 *   messages: [{ role: 'user', content: 'Hi' }],
 * });
 *
 * On Anthropic's own API a model id is checked against `anthropicModels`
 * when the model is made: a retired model throws a `ModelRetiredError`
 * naming its replacement; a deprecated or unknown one warns once.
 *
 * @throws ConfigError for an invalid `baseURL`, `timeoutMs` or `apiVersion`,
 *   and (when a model is made) for a missing key on Anthropic's own host.
 */
export function createAnthropic(options: AnthropicOptions = {}): AnthropicProvider {
  const baseURL = resolveBaseURL(options.baseURL);
  const providerId = options.name ?? 'anthropic';
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError(
      `createAnthropic: timeoutMs must be a positive whole number of milliseconds, got ${timeoutMs}.`,
    );
  }
  const apiVersion = options.apiVersion ?? anthropicSdkApiVersion;
  if (!isAnthropicApiVersion(apiVersion)) {
    throw new ConfigError(
      `createAnthropic: apiVersion must be an anthropic-version date such as '2026-10-21' or '2023-06-01', got '${apiVersion}'.`,
    );
  }
  const version = anthropicApiVersionFeatures(apiVersion);
  const ownHost = new URL(baseURL).hostname === 'api.anthropic.com';
  const apiKey = options.apiKey ?? (ownHost ? readEnv('ANTHROPIC_API_KEY') : undefined);
  const keyHeader = options.apiKeyHeader ?? 'authorization';
  if (options.fetch !== undefined && options.proxy !== undefined && options.proxy !== false) {
    throw new ConfigError(
      "createAnthropic: 'proxy' cannot be combined with 'fetch'; configure the proxy in the fetch you pass.",
    );
  }
  const proxy =
    options.fetch === undefined ? resolveProxy(options.proxy, 'createAnthropic') : undefined;
  const sendWith =
    options.fetch ??
    (proxy === undefined
      ? undefined
      : createAnthropicProxyFetch(proxy, { provider: providerId, baseURL }));
  // The proxy's password too: a proxy can echo its URL in an error page.
  const secrets = [...(typeof apiKey === 'string' ? [apiKey] : []), ...proxySecrets(proxy)];

  const defaultHeaders: Record<string, string | null> = { ...options.headers };
  if (apiVersion !== anthropicSdkApiVersion) defaultHeaders['anthropic-version'] = apiVersion;
  // The key travels in our own header so the SDK never looks for other credentials.
  if (typeof apiKey === 'string') defaultHeaders[keyHeader] = authValue(keyHeader, apiKey);
  else if (apiKey === undefined) defaultHeaders.authorization = null;

  let client: AnthropicSdkClient | undefined;
  const getClient = (): AnthropicSdkClient =>
    (client ??= new ExplicitCredentialsClient({
      apiKey: null,
      authToken: null,
      baseURL,
      timeout: timeoutMs,
      maxRetries: 0,
      defaultHeaders,
      // Every answer outside 2xx is read and classified by this adapter, within timeoutMs.
      fetch: captureErrorResponses(sendWith ?? ((input, init) => fetch(input, init))),
      // Failures reach the caller as typed errors; the SDK's console lines would repeat them.
      ...(readEnv('ANTHROPIC_LOG') === undefined ? { logLevel: 'off' as const } : {}),
    }));

  const resolveKey = typeof apiKey === 'function' ? apiKey : undefined;
  const authHeaders =
    resolveKey === undefined
      ? undefined
      : async (): Promise<Record<string, string>> => {
          let key: unknown;
          try {
            key = await resolveKey();
          } catch (error) {
            throw new ConfigError(
              `The apiKey function of ${providerId} failed; it must return the API key.`,
              {
                provider: providerId,
                cause: error,
              },
            );
          }
          if (typeof key !== 'string' || key === '') {
            throw new ConfigError(
              `The apiKey function of ${providerId} returned no key; it must return a non-empty string.`,
              { provider: providerId },
            );
          }
          return { [keyHeader]: authValue(keyHeader, key) };
        };

  const chatModel = (
    modelId: string,
    settings: AnthropicModelSettings = {},
  ): AnthropicChatModel => {
    if (typeof modelId !== 'string' || modelId === '') {
      throw new ConfigError(
        `${providerId}: a model id is required, e.g. ${providerId}('claude-sonnet-5-5').`,
      );
    }
    if (apiKey === undefined && ownHost) {
      throw new ConfigError(
        `${providerId}: no API key. Pass apiKey to createAnthropic or set ANTHROPIC_API_KEY.`,
        { provider: providerId, modelId },
      );
    }
    const catalogSpec = findAnthropicModelSpec(modelId);
    const override = options.models?.[modelId];
    const spec: AnthropicModelSpec = {
      ...(catalogSpec ?? unknownAnthropicModelSpec),
      ...override,
      ...settings.spec,
    };
    const declared = override !== undefined || settings.spec !== undefined;
    // Model ids and their lifecycle are Anthropic's own API's; a compatible
    // host (a gateway, a proxy with its own names) is not checked.
    const info =
      ownHost && (!declared || findAnthropicModel(modelId) !== undefined)
        ? checkModelId({
            provider: providerId,
            providerName: 'Anthropic',
            modelId,
            catalog: anthropicModels,
            find: findAnthropicModel,
            assumed: anthropicModelCapabilities(spec),
            declare: `declare what it can do with createAnthropic({ models: { '${modelId}': { maxOutputTokens, contextWindow, vision, structuredOutput, ... } } })`,
          })
        : findAnthropicModel(modelId);
    const pricing = info?.capabilities.pricing;
    const capabilities = anthropicModelCapabilities(spec);
    return new AnthropicChatModel(
      {
        provider: providerId,
        modelId,
        spec,
        specKnown: catalogSpec !== undefined || declared,
        version,
        client: getClient,
        baseURL,
        timeoutMs,
        headers: settings.headers,
        authHeaders,
        secrets,
        strict: settings.strict ?? options.strict ?? false,
      },
      pricing === undefined ? capabilities : { ...capabilities, pricing },
    );
  };

  const provider = (modelId: string, settings?: AnthropicModelSettings): AnthropicChatModel =>
    chatModel(modelId, settings);
  provider.chatModel = chatModel;
  Object.defineProperty(provider, 'providerId', { value: providerId, enumerable: true });
  Object.defineProperty(provider, 'baseURL', { value: baseURL, enumerable: true });
  Object.defineProperty(provider, 'apiVersion', { value: apiVersion, enumerable: true });
  return provider as AnthropicProvider;
}
