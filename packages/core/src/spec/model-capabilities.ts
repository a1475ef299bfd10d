import type { ModelPricing } from './model-pricing.ts';

/**
 * What a model can do. Layers read it to choose a strategy (structured output
 * mode) or to skip a model that cannot serve a request (fallbacks).
 */
export interface ModelCapabilities {
  /** Accepts tool definitions and returns tool calls. */
  readonly tools: boolean;
  /** May return several tool calls in one turn. */
  readonly parallelToolCalls: boolean;
  /** Accepts image parts in user messages. */
  readonly vision: boolean;
  /** Has a JSON mode (`responseFormat: { type: 'json' }`). */
  readonly jsonOutput: boolean;
  /** Enforces a JSON Schema natively (`responseFormat: { type: 'json-schema' }`). */
  readonly jsonSchemaOutput: boolean;
  /** Produces reasoning and accepts `reasoning` settings. */
  readonly reasoning: boolean;
  /** Context window in tokens (input plus output), when known. */
  readonly contextWindow?: number | undefined;
  /** Largest `maxOutputTokens` the model accepts, when known. */
  readonly maxOutputTokens?: number | undefined;
  /** Published prices, when the adapter's model catalog knows them (for cost accounting). */
  readonly pricing?: ModelPricing | undefined;
}
