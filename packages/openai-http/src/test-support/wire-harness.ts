import type { createFakeProviderServer } from '@org/llm-testkit';
// The harness is shared with @org/llm-openai's wire tests and lives with the
// wire mapping in @org/llm-openai-compat's test support (unpublished, so
// imported by path).
import {
  createOpenAIWireHarness,
  wireTestApiKey,
  type OpenAIWireHarness,
} from '../../../openai-compat/src/test-support/openai-wire-harness.ts';
import { createOpenAIHttp, type OpenAIHttpOptions, type OpenAIHttpProvider } from '../index.ts';

/** The API key wire tests send (see `wireTestApiKey`). */
export const testApiKey = wireTestApiKey;

/** The two transports every wire test runs over. */
export const transports: readonly { readonly name: string; readonly options: OpenAIHttpOptions }[] =
  [
    { name: 'undici request', options: {} },
    { name: 'injected fetch', options: { fetch: (input, init) => fetch(input, init) } },
  ];

/** A fake server plus the checks every wire test applies to what the adapter sent. */
export type WireHarness = OpenAIWireHarness<OpenAIHttpOptions, OpenAIHttpProvider>;

/** Starts a fake server for wire tests of `@org/llm-openai-http`. */
export function createWireHarness(
  options: Parameters<typeof createFakeProviderServer>[0] = {},
): Promise<WireHarness> {
  return createOpenAIWireHarness(createOpenAIHttp, options);
}
