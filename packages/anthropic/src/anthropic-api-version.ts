/**
 * An `anthropic-version` header value. The two versions this adapter knows:
 *
 * - `2026-10-21`: what `@anthropic-ai/sdk` 1.x sends. The Messages API no
 *   longer takes `temperature`, `top_p` or `top_k` (any value, even the
 *   default, is a 400) and rejects document blocks in assistant messages;
 * - `2023-06-01`: the previous version (the recorded fixtures' version),
 *   which still takes the sampling parameters (`temperature` from 0 to 1).
 *
 * Any other date is sent as given and treated like the newest version this
 * adapter knows that is not later than it.
 */
export type AnthropicApiVersion = '2023-06-01' | '2026-10-21' | (string & {});

/**
 * The version `@anthropic-ai/sdk` sends when none is configured. The SDK does
 * not export it; a wire test checks this constant against the header the
 * installed SDK actually sends, so an SDK upgrade cannot change it unnoticed.
 */
export const anthropicSdkApiVersion = '2026-10-21';

/** The first version without the sampling parameters. */
const samplingRemovedIn = '2026-10-21';

const versionPattern = /^\d{4}-\d{2}-\d{2}$/;

/** What a given API version accepts, as far as the request mapping cares. */
export interface AnthropicApiVersionFeatures {
  /** The version, as sent. */
  readonly version: string;
  /** `temperature`, `top_p` and `top_k` are request fields (removed in `2026-10-21`). */
  readonly samplingParameters: boolean;
}

/** Whether `version` looks like an `anthropic-version` value (`YYYY-MM-DD`). */
export function isAnthropicApiVersion(version: string): boolean {
  return versionPattern.test(version);
}

/**
 * The features of an API version. Dates compare as text (`YYYY-MM-DD`), so a
 * future version is treated like the newest known one before it.
 */
export function anthropicApiVersionFeatures(version: string): AnthropicApiVersionFeatures {
  return { version, samplingParameters: version < samplingRemovedIn };
}
