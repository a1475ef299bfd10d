import { ConfigError, type ChatModelSettings, type ModelCapabilities } from '@org/llm-core';
import { proxySecrets, resolveProxy, type ResolvedProxy } from '@org/llm-core/adapter-kit';
import {
  resolveOpenAIEndpoint,
  resolveOpenAIModel,
  type MaxTokensParameter,
  type OpenAIAzureOptions,
} from '@org/llm-openai-compat';
import type { Dispatcher } from 'undici';
import { createFetchTransport, type FetchFunction } from './fetch-transport.ts';
import type { HttpTransport } from './http-transport.ts';
import { OpenAIHttpChatModel } from './openai-http-chat-model.ts';
import { openAIHttpVersion } from './openai-http-version.ts';
import { withProxyFailures } from './proxied-transport.ts';
import { createUndiciTransport } from './undici-transport.ts';

/** Azure OpenAI's deployment URL scheme (the same for both OpenAI adapters). */
export type OpenAIHttpAzureOptions = OpenAIAzureOptions;

/** Options of {@link createOpenAIHttp}. */
export interface OpenAIHttpOptions {
  /**
   * The API key, or a function that returns it (called per request, so keys
   * can rotate). Default: `OPENAI_API_KEY` (`AZURE_OPENAI_API_KEY` with
   * `azure`), read once here, and only for OpenAI's and Azure's own hosts so
   * an OpenAI key is never sent to another server. Servers that need no key
   * (Ollama, vLLM) work without one.
   */
  readonly apiKey?: string | (() => string | Promise<string>) | undefined;
  /** Base URL of the API; default `https://api.openai.com/v1`. The request goes to `<baseURL>/chat/completions`. */
  readonly baseURL?: string | undefined;
  /** Provider id reported by models and errors, e.g. `groq`, `ollama`; default `openai` (`azure` with `azure`). */
  readonly name?: string | undefined;
  /** Sent as `OpenAI-Organization`. */
  readonly organization?: string | undefined;
  /** Sent as `OpenAI-Project`. */
  readonly project?: string | undefined;
  /** Extra headers for every request (a request's own `headers` win). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * A `fetch` to send requests with (a proxy wrapper, a tracing fetch,
   * undici's). Default on Node: undici's `request`, which is cheaper than
   * `fetch`; elsewhere the global `fetch`.
   */
  readonly fetch?: FetchFunction | undefined;
  /** An undici dispatcher (agent, pool, proxy agent) for either transport. */
  readonly dispatcher?: Dispatcher | undefined;
  /**
   * Proxy URL for this provider's requests (`http://user:password@host:port`),
   * over `HTTPS_PROXY` / `HTTP_PROXY`, which apply by default with
   * `NO_PROXY` (undici's `EnvHttpProxyAgent`); `false` ignores them.
   * Requests are tunnelled with CONNECT. A failure of the proxy names the
   * proxy, never its credentials. With `fetch` or `dispatcher` the routing
   * is yours: they cannot be combined with `proxy`, and the proxy variables
   * do not apply.
   */
  readonly proxy?: string | false | undefined;
  /**
   * Timeout in milliseconds; default 600,000 (ten minutes, as OpenAI's own
   * SDK). `generate()` must complete within it; `stream()` must receive its
   * response headers within it, and then never go silent for longer (a long
   * stream that keeps sending is never cut). Expiry rejects with a
   * `TimeoutError` of phase `request`. Retries and overall deadlines belong
   * to `@org/llm-resilience`.
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
  /** Azure OpenAI: deployment URLs, the `api-version` query and the `api-key` header. */
  readonly azure?: OpenAIHttpAzureOptions | undefined;
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

/** Per-model settings of {@link OpenAIHttpProvider.chatModel}. */
export interface OpenAIHttpModelSettings extends ChatModelSettings {
  /** Capabilities of this model, over the provider's. */
  readonly capabilities?: Partial<ModelCapabilities> | undefined;
}

/**
 * Makes Chat Completions models: call it with a model id, or use
 * `chatModel`. Plugs into `createRegistry` as it is.
 */
export interface OpenAIHttpProvider {
  /** The model with this id. */
  (modelId: string, settings?: OpenAIHttpModelSettings): OpenAIHttpChatModel;
  /** The model with this id (a plain function: safe to pass around unbound). */
  readonly chatModel: (modelId: string, settings?: OpenAIHttpModelSettings) => OpenAIHttpChatModel;
  /** Provider id of the models, e.g. `openai`. */
  readonly providerId: string;
  /** Base URL requests go to. */
  readonly baseURL: string;
}

const userAgent = `@org/llm-openai-http/${openAIHttpVersion} node/${typeof process === 'undefined' ? 'unknown' : process.version}`;

function chooseTransport(
  options: OpenAIHttpOptions,
  proxy: ResolvedProxy | undefined,
): HttpTransport {
  if (options.fetch !== undefined) return createFetchTransport(options.fetch, options.dispatcher);
  const onNode =
    typeof process !== 'undefined' &&
    typeof process.versions === 'object' &&
    'node' in process.versions;
  if (onNode) return createUndiciTransport(options.dispatcher, proxy);
  return createFetchTransport((input, init) => fetch(input, init), options.dispatcher);
}

/** The proxy of the built-in transport: none when the application routes requests itself. */
function proxyOf(options: OpenAIHttpOptions): ResolvedProxy | undefined {
  const own = options.fetch !== undefined || options.dispatcher !== undefined;
  if (own && options.proxy !== undefined && options.proxy !== false) {
    throw new ConfigError(
      "createOpenAIHttp: 'proxy' cannot be combined with 'fetch' or 'dispatcher'; configure the proxy in the fetch or dispatcher you pass.",
    );
  }
  return own ? undefined : resolveProxy(options.proxy, 'createOpenAIHttp');
}

/**
 * Creates a provider of OpenAI Chat Completions models over plain HTTP (no
 * SDK), for api.openai.com, Azure OpenAI and any OpenAI-compatible server.
 *
 * @example
 * const openai = createOpenAIHttp({ apiKey: process.env.OPENAI_API_KEY });
 * const result = await openai('gpt-6-luna').generate({ messages: [{ role: 'user', content: 'Hi' }] });
 *
 * On OpenAI's own API a model id is checked against `openAIModels` when the
 * model is made: a retired model throws a `ModelRetiredError` naming its
 * replacement; a deprecated or unknown one warns once (see `resolveOpenAIModel`).
 *
 * @throws ConfigError for an invalid `baseURL`, `timeoutMs` or `azure` option.
 */
export function createOpenAIHttp(options: OpenAIHttpOptions = {}): OpenAIHttpProvider {
  const azure = options.azure;
  const { baseURL, providerId, timeoutMs, apiKey, apiKeyHeader, missingKey, openAIHost } =
    resolveOpenAIEndpoint(options, 'createOpenAIHttp');
  const proxy = proxyOf(options);
  const transport = withProxyFailures(chooseTransport(options, proxy), proxy, providerId, baseURL);

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': userAgent,
  };
  if (options.organization !== undefined) headers['openai-organization'] = options.organization;
  if (options.project !== undefined) headers['openai-project'] = options.project;
  if (typeof apiKey === 'string')
    headers[apiKeyHeader] = apiKeyHeader === 'api-key' ? apiKey : `Bearer ${apiKey}`;
  for (const [name, value] of Object.entries(options.headers ?? {}))
    headers[name.toLowerCase()] = value;
  // The proxy's password too: a proxy can echo its URL in an error page.
  const secrets = [...(typeof apiKey === 'string' ? [apiKey] : []), ...proxySecrets(proxy)];

  const urlFor = (modelId: string): string => {
    if (azure === undefined) return `${baseURL}/chat/completions`;
    const deployment = azure.deployment?.(modelId) ?? modelId;
    return `${baseURL}/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${encodeURIComponent(azure.apiVersion)}`;
  };

  const chatModel = (
    modelId: string,
    settings: OpenAIHttpModelSettings = {},
  ): OpenAIHttpChatModel => {
    if (typeof modelId !== 'string' || modelId === '') {
      throw new ConfigError(
        `${providerId}: a model id is required, e.g. '${providerId}'('gpt-6-luna').`,
      );
    }
    if (missingKey !== undefined) {
      throw new ConfigError(missingKey, { provider: providerId, modelId });
    }
    return new OpenAIHttpChatModel({
      provider: providerId,
      modelId,
      capabilities: resolveOpenAIModel(modelId, {
        provider: providerId,
        openAIHost,
        declared: [options.modelCapabilities?.[modelId], settings.capabilities],
      }),
      strict: settings.strict ?? options.strict ?? false,
      url: urlFor(modelId),
      transport,
      timeoutMs,
      headers,
      resolveApiKey: typeof apiKey === 'function' ? apiKey : undefined,
      apiKeyHeader,
      secrets,
      maxTokensParameter: options.maxTokensParameter ?? 'max_completion_tokens',
    });
  };

  const provider = (modelId: string, settings?: OpenAIHttpModelSettings): OpenAIHttpChatModel =>
    chatModel(modelId, settings);
  provider.chatModel = chatModel;
  Object.defineProperty(provider, 'providerId', { value: providerId, enumerable: true });
  Object.defineProperty(provider, 'baseURL', { value: baseURL, enumerable: true });
  return provider as OpenAIHttpProvider;
}
