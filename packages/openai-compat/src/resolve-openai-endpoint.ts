import { ConfigError } from '@org/llm-core';

/** Azure OpenAI's deployment URL scheme. */
export interface OpenAIAzureOptions {
  /**
   * The `api-version` query parameter, e.g. `2024-10-21`. Versions before
   * `2024-09-01-preview` do not know `max_completion_tokens`: set
   * `maxTokensParameter: 'max_tokens'` with them.
   */
  readonly apiVersion: string;
  /**
   * The resource name: the base URL becomes
   * `https://<resourceName>.openai.azure.com/openai`. Alternatively set
   * `baseURL` (up to and including `/openai`).
   */
  readonly resourceName?: string | undefined;
  /** The deployment that serves a model id; default: the model id itself. */
  readonly deployment?: ((modelId: string) => string) | undefined;
}

/** The connection options every OpenAI adapter takes (its own options add the transport). */
export interface OpenAIEndpointOptions {
  readonly apiKey?: string | (() => string | Promise<string>) | undefined;
  readonly baseURL?: string | undefined;
  readonly name?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly azure?: OpenAIAzureOptions | undefined;
}

/** Where and how an adapter reaches the API, resolved and checked once per provider. */
export interface OpenAIEndpoint {
  /** The base URL without trailing slashes. */
  readonly baseURL: string;
  /** Provider id: `name`, else `openai` (`azure` with `azure`). */
  readonly providerId: string;
  /** The call timeout in milliseconds (default 600,000). */
  readonly timeoutMs: number;
  /** The key: the option, else the environment's for OpenAI's and Azure's own hosts only. */
  readonly apiKey: string | (() => string | Promise<string>) | undefined;
  /** The header that carries the key: `authorization` (Bearer) or Azure's `api-key`. */
  readonly apiKeyHeader: 'authorization' | 'api-key';
  /** Why no model can be made (no key for OpenAI's or Azure's own host), or `undefined`. */
  readonly missingKey: string | undefined;
  /**
   * Whether requests go to OpenAI's own API (api.openai.com, not Azure or a
   * compatible server): only there do OpenAI's model ids and their
   * lifecycle (deprecations, retirements) apply.
   */
  readonly openAIHost: boolean;
}

const openAIBaseURL = 'https://api.openai.com/v1';
const defaultTimeoutMs = 600_000;

function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Throws a `ConfigError` naming `factory` unless `timeoutMs` is a positive
 * number of milliseconds.
 */
export function checkOpenAITimeout(timeoutMs: number, factory: string): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError(
      `${factory}: timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`,
    );
  }
}

function resolveBaseURL(options: OpenAIEndpointOptions, factory: string): string {
  const azure = options.azure;
  let base = options.baseURL;
  if (base === undefined && azure !== undefined) {
    if (azure.resourceName === undefined) {
      throw new ConfigError(
        `${factory}: 'azure' needs 'resourceName' or 'baseURL' (https://<resource>.openai.azure.com/openai).`,
      );
    }
    base = `https://${azure.resourceName}.openai.azure.com/openai`;
  }
  base ??= openAIBaseURL;
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch (error) {
    throw new ConfigError(
      `${factory}: baseURL '${base}' is not an absolute URL, e.g. 'http://localhost:11434/v1'.`,
      { cause: error },
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${factory}: baseURL '${base}' must use http: or https:.`);
  }
  return base.replace(/\/+$/, '');
}

/**
 * Resolves an OpenAI adapter's connection options the same way for every
 * adapter: the base URL (Azure's from its resource name), the provider id,
 * the timeout, and the key, which defaults to `OPENAI_API_KEY`
 * (`AZURE_OPENAI_API_KEY` with `azure`) only for OpenAI's and Azure's own
 * hosts, so a key is never sent to another server. `factory` names the
 * caller in error messages.
 *
 * @throws ConfigError for an invalid `baseURL`, `timeoutMs` or `azure`.
 */
export function resolveOpenAIEndpoint(
  options: OpenAIEndpointOptions,
  factory: string,
): OpenAIEndpoint {
  const azure = options.azure;
  const baseURL = resolveBaseURL(options, factory);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  checkOpenAITimeout(timeoutMs, factory);
  if (azure !== undefined && (typeof azure.apiVersion !== 'string' || azure.apiVersion === '')) {
    throw new ConfigError(`${factory}: 'azure.apiVersion' is required, e.g. '2024-10-21'.`);
  }
  const providerId = options.name ?? (azure === undefined ? 'openai' : 'azure');
  const host = new URL(baseURL).hostname;
  const ownHost = host === 'api.openai.com' || host.endsWith('.openai.azure.com');
  const keyVariable = azure === undefined ? 'OPENAI_API_KEY' : 'AZURE_OPENAI_API_KEY';
  const apiKey = options.apiKey ?? (ownHost ? readEnv(keyVariable) : undefined);
  return {
    baseURL,
    providerId,
    timeoutMs,
    apiKey,
    apiKeyHeader: azure === undefined ? 'authorization' : 'api-key',
    missingKey:
      apiKey === undefined && ownHost
        ? `${providerId}: no API key. Pass apiKey to ${factory} or set ${keyVariable}.`
        : undefined,
    openAIHost: azure === undefined && host === 'api.openai.com',
  };
}
