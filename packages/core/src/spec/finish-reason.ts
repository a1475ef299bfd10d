/**
 * Why generation stopped, the same for every provider:
 * - `stop`: the model finished, or hit a stop sequence;
 * - `length`: `maxOutputTokens` (or the model's limit) cut it short;
 * - `tool-calls`: the model wants tool results before going on;
 * - `content-filter`: a safety system stopped or refused it;
 * - `error`: the provider reported an error as the finish reason;
 * - `other`: anything else (see `raw`).
 */
export type UnifiedFinishReason =
  'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** Why generation stopped: the unified reason and the provider's own word for it. */
export interface FinishReason {
  /** The reason, the same for every provider. */
  readonly unified: UnifiedFinishReason;
  /** The provider's raw value (`end_turn`, `max_tokens`, `tool_calls`...), if it sent one. */
  readonly raw: string | undefined;
}
