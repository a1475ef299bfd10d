import { z } from 'zod';

/**
 * Provider-specific settings, namespaced by provider id so one request can
 * carry settings for several providers and each adapter reads only its own:
 * `{ anthropic: { cacheControl: { type: 'ephemeral' } }, openai: { user: 'u1' } }`.
 */
export const providerOptionsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Provider-specific settings, namespaced by provider id. */
export type ProviderOptions = z.infer<typeof providerOptionsSchema>;
