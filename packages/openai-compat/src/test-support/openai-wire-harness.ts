import { peersDirStatus } from '@org/llm-test-support';
import {
  createFakeProviderServer,
  type FakeProviderServer,
  type RecordedRequest,
} from '@org/llm-testkit';
import { faultTestApiKey } from './openai-fault-cases.ts';
import {
  loadChatCompletionRequestValidator,
  type ChatCompletionRequestValidator,
} from './openapi-request-validator.ts';

// The wire-test harness both OpenAI adapters share: a fake server, a provider
// pointed at it, and the spec check of every chat request body the adapter
// sent. Each adapter's test support binds it to its own factory.

/**
 * The API key wire tests send; long enough for the fake server to keep its
 * last 4 characters. The shared fault table's 401 echoes this key, which the
 * adapter must scrub.
 */
export const wireTestApiKey = faultTestApiKey;

let validator: { readonly validate: ChatCompletionRequestValidator | undefined } | undefined;

/** The spec validator, compiled once per test worker; undefined (with the reason printed once) without the peers folder. */
export function chatCompletionRequestValidator(): ChatCompletionRequestValidator | undefined {
  if (validator !== undefined) return validator.validate;
  const peers = peersDirStatus();
  if (!peers.found) console.warn(`OpenAPI request validation skipped: ${peers.reason}`);
  validator = { validate: peers.found ? loadChatCompletionRequestValidator(peers.dir) : undefined };
  return validator.validate;
}

function describeProblems(request: RecordedRequest, problems: readonly string[]): string {
  return `${request.method} ${request.path}${request.search}: ${problems.slice(0, 5).join('; ')}\n  body: ${request.rawBody.slice(0, 500)}`;
}

/** Checks the chat request bodies among `requests` against the spec; one line per invalid body. */
export function invalidBodies(requests: readonly RecordedRequest[]): string[] {
  const validate = chatCompletionRequestValidator();
  if (validate === undefined) return [];
  const invalid: string[] = [];
  for (const request of requests) {
    if (request.endpoint !== 'openai-chat') continue;
    const problems = validate(request.body);
    if (problems.length > 0) invalid.push(describeProblems(request, problems));
  }
  return invalid;
}

/** A fake server plus the checks every wire test applies to what the adapter sent. */
export interface OpenAIWireHarness<Options, Provider> {
  /** The fake provider server. */
  readonly server: FakeProviderServer;
  /** A provider pointed at the server with {@link wireTestApiKey}; `options` override. */
  provider(options?: Options): Provider;
  /**
   * Validates every chat request body received since the last call against
   * `CreateChatCompletionRequest` of the official spec, then clears the
   * server (queue, handler, requests). Throws listing the problems.
   */
  checkAndReset(): void;
  /** Closes the server. */
  close(): Promise<void>;
}

/**
 * Starts a fake server for one adapter's wire tests; `create` builds that
 * adapter's provider from the server's base URL, the test key and the
 * options a test passes.
 */
export async function createOpenAIWireHarness<
  Options extends { readonly baseURL?: string | undefined; readonly apiKey?: string | undefined },
  Provider,
>(
  create: (options: Options) => Provider,
  serverOptions: Parameters<typeof createFakeProviderServer>[0] = {},
): Promise<OpenAIWireHarness<Options, Provider>> {
  const server = await createFakeProviderServer(serverOptions);
  chatCompletionRequestValidator(); // compiled before the first test, not inside its timeout
  return {
    server,
    provider: (options) =>
      create({ baseURL: server.openaiBaseURL, apiKey: wireTestApiKey, ...options } as Options),
    checkAndReset: () => {
      const invalid = invalidBodies(server.requests);
      server.reset();
      if (invalid.length > 0) {
        throw new Error(
          `Request bodies that do not validate against CreateChatCompletionRequest:\n${invalid.join('\n')}`,
        );
      }
    },
    close: () => server.close(),
  };
}
