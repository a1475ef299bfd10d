import { createFakeProviderServer, type FakeProviderServer } from '@org/llm-testkit';
import { createAnthropic, type AnthropicOptions, type AnthropicProvider } from '../index.ts';

/** The API key wire tests send; long enough for the fake server to keep its last 4 characters. */
export const testApiKey = 'sk-ant-test-wire-0123456789abcdef';

/** A fake server and a provider pointed at it. */
export interface WireHarness {
  /** The fake provider server. */
  readonly server: FakeProviderServer;
  /** A provider pointed at the server with {@link testApiKey}; `options` override. */
  provider(options?: AnthropicOptions): AnthropicProvider;
  /** Checks that every enqueued script was used, then clears the server. */
  checkAndReset(): void;
  /** Closes the server. */
  close(): Promise<void>;
}

/** Starts a fake server for wire tests. */
export async function createWireHarness(): Promise<WireHarness> {
  const server = await createFakeProviderServer();
  return {
    server,
    provider: (options = {}) =>
      createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: testApiKey, ...options }),
    checkAndReset: () => {
      const pending = server.pendingScripts;
      server.reset();
      if (pending > 0) throw new Error(`${pending} enqueued script(s) were never requested.`);
    },
    close: () => server.close(),
  };
}
