/**
 * The lenient zod schemas of Chat Completions answers. A separate entry so that the adapters never
 * load zod for a well-formed answer, which they check by hand (see
 * docs/decisions/0008-schemas-subpath-lazy-zod.md).
 *
 * @module @org/llm-openai-compat/schemas
 */

export { openAIChatResponseSchema, openAIUsageSchema } from './openai-chat-api.ts';
