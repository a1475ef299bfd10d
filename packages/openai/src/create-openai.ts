import { ConfigError, type ChatModelSettings, type ModelCapabilities } from '@org/llm-core';
import { proxySecrets, resolveProxy } from '@org/llm-core/adapter-kit';
import {
  checkOpenAITimeout,
  resolveOpenAIEndpoint,
  resolveOpenAIModel,
  type MaxTokensParameter,
  type OpenAIAzureOptions,
} from '@org/llm-openai-compat';
import { AzureOpenAI, OpenAI } from 'openai';
import { captureErrorBodies, type FetchFunction } from './capture-error-bodies.ts';
import { OpenAIChatModel } from './openai-chat-model.ts';
import { createOpenAIProxyFetch } from './openai-proxy-fetch.ts';

/** Options of {@link createOpenAI}. */
export interface OpenAIOptions {
  /**
   * The API key, or a function that returns it (called per request, so keys
   * can rotate). Default: `OPENAI_API_KEY` (`AZURE_OPENAI_API_KEY` with
   * `azure`), read once here, and only for OpenAI's and Azure's own hosts so
   * an OpenAI key is never sent to another server. Servers that need no key
   * (Ollama, vLLM) work without one.
   */
  readonly apiKey?: string | (() => string | Promise<string>) | undefined;
  /** Base URL of the API; default `https://api.openai.com/v1` (never `OPENAI_BASE_URL`). */
  readonly baseURL?: string | undefined;
  /** Provider id reported by models and errors, e.g. `groq`, `ollama`; default `openai` (`azure` with Azure). */
  readonly name?: string | undefined;
  /** Sent as `OpenAI-Organization` (the SDK's `OPENAI_ORG_ID` default is not read). */
  readonly organization?: string | undefined;
  /** Sent as `OpenAI-Project` (the SDK's `OPENAI_PROJECT_ID` default is not read). */
  readonly project?: string | undefined;
  /** Extra headers for every request (a request's own `headers` win). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** A `fetch` for the SDK to send requests with (a proxy wrapper, a tracing fetch, undici's); default the global `fetch`. */
  readonly fetch?: FetchFunction | undefined;
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
   * Timeout in milliseconds; default 600,000 (ten minutes, the SDK's own
   * default), or the `timeout` of `client` when one is passed. `generate()`
   * must complete within it; `stream()` must receive its response headers
   * within it, and then never go silent for longer (the SDK itself does not
   * time a stream's body). Expiry rejects with a `TimeoutError` of phase
   * `request`. Retries and overall deadlines belong to `@org/llm-resilience`.
   */
  readonly timeoutMs?: number | undefined;
  /** Capabilities per model id, over the built-in table (which knows OpenAI's models only). */
  readonly modelCapabilities?: Readonly<Record<string, Partial<ModelCapabilities>>> | undefined;
  /**
   * Body field for `maxOutputTokens`: `max_completion_tokens` (default;
   * required by OpenAI's reasoning models) or `max_tokens` for servers that
   * predate it (older vLLM, llama.cpp and Azure API versions).
   */
  readonly maxTokensParameter?: MaxTokensParameter | undefined;
  /** Azure OpenAI, through the SDK's `AzureOpenAI`: deployment URLs, the `api-version` query and the `api-key` header. */
  readonly azure?: OpenAIAzureOptions | undefined;
  /**
   * A client you built (`new OpenAI(...)` or `new AzureOpenAI(...)`) to use
   * instead of one built from the options above, e.g. for workload identity,
   * `fetchOptions` or an Entra ID token provider. It must have
   * `maxRetries: 0` (retries belong to `@org/llm-resilience`; SDK retries
   * under them would multiply the attempts): anything else is a
   * `ConfigError`. `apiKey`, `baseURL`, `organization`, `project`, `fetch`,
   * `proxy` and `azure` are then the client's business and cannot be passed too.
   */
  readonly client?: OpenAI | undefined;
  /**
   * Strict mode for every model of this provider: a setting or tool a model
   * cannot honour exactly (a reasoning model's `temperature`, a
   * `maxOutputTokens` above its limit) fails the call with an
   * `UnsupportedFeatureError` before it is sent. Default false: it is
   * dropped or clamped, reported on `result.warnings` and once per process
   * to the warning destination (stderr by default; see `setWarningHandler`).
   */
  readonly strict?: boolean | undefined;
}

/** Per-model settings of {@link OpenAIProvider.chatModel}. */
export interface OpenAIModelSettings extends ChatModelSettings {
  /** Capabilities of this model, over the provider's. */
  readonly capabilities?: Partial<ModelCapabilities> | undefined;
}

/**
 * Makes Chat Completions models over the `openai` SDK: call it with a model
 * id, or use `chatModel`. Plugs into `createRegistry` as it is.
 */
export interface OpenAIProvider {
  /** The model with this id. */
  (modelId: string, settings?: OpenAIModelSettings): OpenAIChatModel;
  /** The model with this id (a plain function: safe to pass around unbound). */
  readonly chatModel: (modelId: string, settings?: OpenAIModelSettings) => OpenAIChatModel;
  /** Provider id of the models, e.g. `openai`. */
  readonly providerId: string;
  /** Base URL requests go to. */
  readonly baseURL: string;
}

/**
 * Given to the SDK, which refuses to build a client without credentials,
 * when the key is a function or there is none; the header it would fill is
 * removed (`null`) or replaced per request, so this value is never sent.
 */
const unusedKey = 'unused-key-see-@org/llm-openai';
/** Options that describe the client, so they cannot be combined with `client`. */
const clientOptions = [
  'apiKey',
  'baseURL',
  'organization',
  'project',
  'fetch',
  'proxy',
  'azure',
] as const;

interface ProviderSetup {
  readonly providerId: string;
  readonly baseURL: string;
  /** The client for a model id (Azure deployments get a client each). */
  readonly clientFor: (modelId: string) => OpenAI;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string | null>> | undefined;
  readonly resolveApiKey: (() => string | Promise<string>) | undefined;
  readonly apiKeyHeader: 'authorization' | 'api-key';
  readonly secrets: readonly string[];
  /** Set when a model cannot be made: the missing key's error message. */
  readonly missingKey: string | undefined;
  /** Whether requests go to OpenAI's own API, where model ids are checked. */
  readonly openAIHost: boolean;
  /** Whether the client sends through `captureErrorBodies`. */
  readonly capturesErrors: boolean;
}

/** Wraps a client the application built, after checking it. */
function useClient(client: unknown, options: OpenAIOptions): ProviderSetup {
  if (!(client instanceof OpenAI)) {
    throw new ConfigError(
      "createOpenAI: 'client' must be an OpenAI or AzureOpenAI instance from the 'openai' package this adapter uses (a second installed copy of 'openai' does not count).",
    );
  }
  const conflicting = clientOptions.filter((key) => options[key] !== undefined);
  if (conflicting.length > 0) {
    throw new ConfigError(
      `createOpenAI: ${conflicting.join(', ')} cannot be combined with 'client'; configure the client with ${conflicting.length === 1 ? 'it' : 'them'} instead.`,
    );
  }
  if (client.maxRetries !== 0) {
    throw new ConfigError(
      `createOpenAI: the client has maxRetries ${client.maxRetries}; build it with maxRetries: 0. Retries belong to @org/llm-resilience, and SDK retries under them would multiply the attempts and hide Retry-After.`,
    );
  }
  const timeoutMs = options.timeoutMs ?? client.timeout;
  checkOpenAITimeout(timeoutMs, 'createOpenAI');
  const azure = client instanceof AzureOpenAI;
  return {
    providerId: options.name ?? (azure ? 'azure' : 'openai'),
    baseURL: client.baseURL,
    clientFor: () => client,
    timeoutMs,
    headers: options.headers,
    resolveApiKey: undefined,
    apiKeyHeader: azure ? 'api-key' : 'authorization',
    secrets: typeof client.apiKey === 'string' ? [client.apiKey] : [],
    missingKey: undefined,
    openAIHost: !azure && new URL(client.baseURL).hostname === 'api.openai.com',
    capturesErrors: false,
  };
}

/** Builds the SDK client from the options: `maxRetries: 0`, an explicit timeout, no environment defaults but the key's. */
function buildClient(options: OpenAIOptions): ProviderSetup {
  const azure = options.azure;
  const { baseURL, providerId, timeoutMs, apiKey, apiKeyHeader, missingKey, openAIHost } =
    resolveOpenAIEndpoint(options, 'createOpenAI');
  if (options.fetch !== undefined && options.proxy !== undefined && options.proxy !== false) {
    throw new ConfigError(
      "createOpenAI: 'proxy' cannot be combined with 'fetch'; configure the proxy in the fetch you pass.",
    );
  }
  const proxy =
    options.fetch === undefined ? resolveProxy(options.proxy, 'createOpenAI') : undefined;
  const defaultHeaders: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(options.headers ?? {}))
    defaultHeaders[name.toLowerCase()] = value;
  // No fixed key: the SDK's key header goes (replaced per request for a key function).
  if (typeof apiKey !== 'string') defaultHeaders[apiKeyHeader] = null;
  const common = {
    apiKey: typeof apiKey === 'string' ? apiKey : unusedKey,
    baseURL,
    // Explicit values, so the SDK reads none of OPENAI_ORG_ID, OPENAI_PROJECT_ID,
    // OPENAI_ADMIN_KEY, OPENAI_WEBHOOK_SECRET: the two adapters read the same environment.
    organization: options.organization ?? null,
    project: options.project ?? null,
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders,
    fetch: captureErrorBodies(
      options.fetch ??
        (proxy === undefined
          ? (input, init) => fetch(input, init)
          : createOpenAIProxyFetch(proxy, { provider: providerId, baseURL })),
    ),
    timeout: timeoutMs,
    maxRetries: 0,
  };
  let clientFor: (modelId: string) => OpenAI;
  if (azure === undefined) {
    const client = new OpenAI(common);
    clientFor = () => client;
  } else {
    // Without a deployment the SDK routes by the body's `model`, i.e. the model id.
    const client = new AzureOpenAI({ ...common, apiVersion: azure.apiVersion });
    const mapDeployment = azure.deployment;
    const perDeployment = new Map<string, OpenAI>();
    clientFor = (modelId) => {
      if (mapDeployment === undefined) return client;
      const deployment = mapDeployment(modelId);
      let found = perDeployment.get(deployment);
      if (found === undefined) {
        found = client.withOptions({ deployment });
        perDeployment.set(deployment, found);
      }
      return found;
    };
  }
  return {
    providerId,
    baseURL,
    clientFor,
    timeoutMs,
    headers: undefined,
    resolveApiKey: typeof apiKey === 'function' ? apiKey : undefined,
    apiKeyHeader,
    // The proxy's password too: a proxy can echo its URL in an error page.
    secrets: [...(typeof apiKey === 'string' ? [apiKey] : []), ...proxySecrets(proxy)],
    missingKey,
    openAIHost,
    capturesErrors: true,
  };
}

/**
 * Creates a provider of OpenAI Chat Completions models over the official
 * `openai` SDK, for api.openai.com, Azure OpenAI and any OpenAI-compatible
 * server. Results, errors and stream parts are the same as
 * `@org/llm-openai-http`'s.
 *
 * The SDK client is built with `maxRetries: 0` and an explicit timeout:
 * `@org/llm-resilience` owns retries.
 *
 * @example
 * const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 * const result = await openai('gpt-6-luna').generate({ messages: [{ role: 'user', content: 'Hi' }] });
 *
 * On OpenAI's own API a model id is checked against `openAIModels` when the
 * model is made: a retired model throws a `ModelRetiredError` naming its
 * replacement; a deprecated or unknown one warns once.
 *
 * @throws ConfigError for an invalid `baseURL`, `timeoutMs`, `azure` or `client`.
 */
export function createOpenAI(options: OpenAIOptions = {}): OpenAIProvider {
  const setup =
    options.client === undefined ? buildClient(options) : useClient(options.client, options);
  const { providerId } = setup;

  const chatModel = (modelId: string, settings: OpenAIModelSettings = {}): OpenAIChatModel => {
    if (typeof modelId !== 'string' || modelId === '') {
      throw new ConfigError(
        `${providerId}: a model id is required, e.g. '${providerId}'('gpt-6-luna').`,
      );
    }
    if (setup.missingKey !== undefined) {
      throw new ConfigError(setup.missingKey, { provider: providerId, modelId });
    }
    return new OpenAIChatModel({
      provider: providerId,
      modelId,
      capabilities: resolveOpenAIModel(modelId, {
        provider: providerId,
        openAIHost: setup.openAIHost,
        declared: [options.modelCapabilities?.[modelId], settings.capabilities],
      }),
      strict: settings.strict ?? options.strict ?? false,
      client: setup.clientFor(modelId),
      baseURL: setup.baseURL,
      timeoutMs: setup.timeoutMs,
      headers: setup.headers,
      resolveApiKey: setup.resolveApiKey,
      apiKeyHeader: setup.apiKeyHeader,
      secrets: setup.secrets,
      maxTokensParameter: options.maxTokensParameter ?? 'max_completion_tokens',
      capturesErrors: setup.capturesErrors,
    });
  };

  const provider = (modelId: string, settings?: OpenAIModelSettings): OpenAIChatModel =>
    chatModel(modelId, settings);
  provider.chatModel = chatModel;
  Object.defineProperty(provider, 'providerId', { value: providerId, enumerable: true });
  Object.defineProperty(provider, 'baseURL', { value: setup.baseURL, enumerable: true });
  return provider as OpenAIProvider;
}
