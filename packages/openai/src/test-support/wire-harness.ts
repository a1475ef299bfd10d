import type { createFakeProviderServer } from '@org/llm-testkit';
// The harness is shared with @org/llm-openai-http's wire tests and lives with
// the wire mapping in @org/llm-openai-compat's test support (unpublished, so
// imported by path).
import {
  createOpenAIWireHarness,
  wireTestApiKey,
  type OpenAIWireHarness,
} from '../../../openai-compat/src/test-support/openai-wire-harness.ts';
import { createOpenAI, type OpenAIOptions, type OpenAIProvider } from '../index.ts';

export { invalidBodies } from '../../../openai-compat/src/test-support/openai-wire-harness.ts';

/** The API key wire tests send (see `wireTestApiKey`). */
export const testApiKey = wireTestApiKey;

/** The ways every wire test builds the SDK client: from the options, and with an injected fetch. */
export const variants: readonly { readonly name: string; readonly options: OpenAIOptions }[] = [
  { name: 'the client it builds', options: {} },
  { name: 'an injected fetch', options: { fetch: (input, init) => fetch(input, init) } },
];

/** A fake server plus the checks every wire test applies to what the SDK sent. */
export type WireHarness = OpenAIWireHarness<OpenAIOptions, OpenAIProvider>;

/** Starts a fake server for wire tests of `@org/llm-openai`. */
export function createWireHarness(
  options: Parameters<typeof createFakeProviderServer>[0] = {},
): Promise<WireHarness> {
  return createOpenAIWireHarness(createOpenAI, options);
}
