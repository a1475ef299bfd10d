import { InvalidRequestError, type ProviderOptions } from '@org/llm-core';
import { formatPath } from '@org/llm-core/adapter-kit';
import { z } from 'zod';
import type { AnthropicCacheControl } from './anthropic-api.ts';

/** `cacheControl` as given in `providerOptions.anthropic`: a breakpoint with an optional lifetime. */
export const anthropicCacheControlSchema = z.strictObject({
  type: z.literal('ephemeral'),
  ttl: z.enum(['5m', '1h']).optional(),
});

/**
 * The options of `providerOptions.anthropic` this adapter interprets itself.
 * Any other key is a Messages API body field, copied into the request as is
 * (`metadata`, `service_tier`, `inference_geo`, `container`...).
 */
export const anthropicProviderOptionsSchema = z.looseObject({
  /**
   * A prompt-cache breakpoint. On a message, part, tool or system message it
   * marks that block (a message's last block); on the request it sets the
   * top-level `cache_control` (automatic caching of the last cacheable block).
   */
  cacheControl: anthropicCacheControlSchema.optional(),
  /**
   * How `responseFormat: json-schema` reaches the model: `native`
   * (`output_config.format`) or `tool` (a forced tool whose input is the
   * answer). Default: `native` when the model supports it, else `tool`.
   */
  structuredOutput: z.enum(['native', 'tool']).optional(),
  /** Beta features to enable, sent as the `anthropic-beta` header. */
  betas: z.array(z.string().min(1)).optional(),
});

/** The options of `providerOptions.anthropic` (besides body fields, which pass through). */
export type AnthropicProviderOptions = z.infer<typeof anthropicProviderOptionsSchema>;

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
  const parsed = anthropicProviderOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const prefix = `${path === '' ? '' : `${path}.`}providerOptions.anthropic`;
  const at = issue.path.length === 0 ? prefix : `${prefix}.${formatPath(issue.path)}`;
  throw invalid(
    at,
    issue.code === 'invalid_value' || issue.code === 'unrecognized_keys'
      ? `${issue.message} (cacheControl is { type: 'ephemeral', ttl?: '5m' | '1h' })`
      : issue.message,
    context,
  );
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
