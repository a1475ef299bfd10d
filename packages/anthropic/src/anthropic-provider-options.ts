import { InvalidRequestError, type ProviderOptions } from '@org/llm-core';
import type { AnthropicCacheControl } from './anthropic-api.ts';

// Checked by hand rather than with a zod schema: these options are read
// while a request is prepared, and loading zod for them would put it back
// on every cold start (see docs/decisions/0008-schemas-subpath-lazy-zod.md).

/** `cacheControl` as given in `providerOptions.anthropic`: a breakpoint with an optional lifetime. */
export interface AnthropicCacheControlOption {
  readonly type: 'ephemeral';
  /** How long the cache entry lives: 5 minutes (default) or an hour. */
  readonly ttl?: '5m' | '1h' | undefined;
}

/**
 * The options of `providerOptions.anthropic` this adapter interprets itself.
 * Any other key is a Messages API body field, copied into the request as is
 * (`metadata`, `service_tier`, `inference_geo`, `container`...).
 */
export interface AnthropicProviderOptions {
  /**
   * A prompt-cache breakpoint. On a message, part, tool or system message it
   * marks that block (a message's last block); on the request it sets the
   * top-level `cache_control` (automatic caching of the last cacheable block).
   */
  readonly cacheControl?: AnthropicCacheControlOption | undefined;
  /**
   * How `responseFormat: json-schema` reaches the model: `native`
   * (`output_config.format`) or `tool` (a forced tool whose input is the
   * answer). Default: `native` when the model supports it, else `tool`.
   */
  readonly structuredOutput?: 'native' | 'tool' | undefined;
  /** Beta features to enable, sent as the `anthropic-beta` header. */
  readonly betas?: readonly string[] | undefined;
  /** Messages API body fields, copied into the request. */
  readonly [field: string]: unknown;
}

const cacheControlShape = "cacheControl is { type: 'ephemeral', ttl?: '5m' | '1h' }";

function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first problem of `raw` as options: the path inside them and what is wrong; `undefined` when they are valid. */
function problemOf(raw: unknown): { readonly path: string; readonly message: string } | undefined {
  if (!isObject(raw)) {
    return { path: '', message: `Invalid input: expected object, received ${received(raw)}` };
  }
  const { cacheControl, structuredOutput, betas } = raw;
  if (cacheControl !== undefined) {
    if (!isObject(cacheControl)) {
      return {
        path: 'cacheControl',
        message: `Invalid input: expected object, received ${received(cacheControl)} (${cacheControlShape})`,
      };
    }
    const unknown = Object.keys(cacheControl).filter((key) => key !== 'type' && key !== 'ttl');
    if (unknown.length > 0) {
      return {
        path: 'cacheControl',
        message: `Unrecognized key(s): ${unknown.join(', ')} (${cacheControlShape})`,
      };
    }
    if (cacheControl.type !== 'ephemeral') {
      return {
        path: 'cacheControl.type',
        message: `Invalid input: expected "ephemeral" (${cacheControlShape})`,
      };
    }
    const ttl = cacheControl.ttl;
    if (ttl !== undefined && ttl !== '5m' && ttl !== '1h') {
      return {
        path: 'cacheControl.ttl',
        message: `Invalid option: expected one of "5m"|"1h" (${cacheControlShape})`,
      };
    }
  }
  if (
    structuredOutput !== undefined &&
    structuredOutput !== 'native' &&
    structuredOutput !== 'tool'
  ) {
    return { path: 'structuredOutput', message: 'Invalid option: expected one of "native"|"tool"' };
  }
  if (betas !== undefined) {
    if (!Array.isArray(betas)) {
      return {
        path: 'betas',
        message: `Invalid input: expected array, received ${received(betas)}`,
      };
    }
    const index = betas.findIndex((beta) => typeof beta !== 'string' || beta === '');
    if (index >= 0) {
      return { path: `betas[${index}]`, message: 'Invalid input: expected a non-empty string' };
    }
  }
  return undefined;
}

/** Keys of {@link AnthropicProviderOptions} that are not body fields. */
export const anthropicOptionKeys: ReadonlySet<string> = new Set([
  'cacheControl',
  'structuredOutput',
  'betas',
]);

function invalid(path: string, message: string, context: OptionsContext): InvalidRequestError {
  return new InvalidRequestError(`Invalid chat request: ${path}: ${message}`, {
    provider: context.provider,
    modelId: context.modelId,
    issues: [{ path, message }],
  });
}

/** Names the request in errors. */
export interface OptionsContext {
  readonly provider: string;
  readonly modelId: string;
}

/**
 * Reads `providerOptions.anthropic` of the request (or of a message, part or
 * tool at `path`), or throws an `InvalidRequestError` naming the bad field.
 */
export function readAnthropicOptions(
  providerOptions: ProviderOptions | undefined,
  path: string,
  context: OptionsContext,
): AnthropicProviderOptions | undefined {
  const raw = providerOptions?.anthropic;
  if (raw === undefined) return undefined;
  const problem = problemOf(raw);
  if (problem === undefined) return raw;
  const prefix = `${path === '' ? '' : `${path}.`}providerOptions.anthropic`;
  const at = problem.path === '' ? prefix : `${prefix}.${problem.path}`;
  throw invalid(at, problem.message, context);
}

/**
 * The cache breakpoint set on a message, part, tool or system message, if
 * any. Only `cacheControl` is read there; it is checked like request options.
 */
export function readCacheControl(
  providerOptions: ProviderOptions | undefined,
  path: string,
  context: OptionsContext,
): AnthropicCacheControl | undefined {
  if (providerOptions?.anthropic === undefined) return undefined;
  const cacheControl = readAnthropicOptions(providerOptions, path, context)?.cacheControl;
  return cacheControl === undefined
    ? undefined
    : cacheControl.ttl === undefined
      ? { type: 'ephemeral' }
      : { type: 'ephemeral', ttl: cacheControl.ttl };
}
