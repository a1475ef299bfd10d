import {
  createFakeProviderServer,
  peersDirStatus,
  type FakeProviderServer,
  type RecordedRequest,
} from '@org/llm-testkit';
// The spec validator and the shared fault table live with the wire mapping in
// @org/llm-openai-compat's test support (unpublished, so imported by path).
import { faultTestApiKey } from '../../../openai-compat/src/test-support/openai-fault-cases.ts';
import {
  loadChatCompletionRequestValidator,
  type ChatCompletionRequestValidator,
} from '../../../openai-compat/src/test-support/openapi-request-validator.ts';
import { createOpenAI, type OpenAIOptions, type OpenAIProvider } from '../index.ts';

/**
 * The API key wire tests send; long enough for the fake server to keep its
 * last 4 characters. The shared fault table's 401 echoes this key, which the
 * adapter must scrub.
 */
export const testApiKey = faultTestApiKey;

/** The ways every wire test builds the SDK client: from the options, and with an injected fetch. */
export const variants: readonly { readonly name: string; readonly options: OpenAIOptions }[] = [
  { name: 'the client it builds', options: {} },
  { name: 'an injected fetch', options: { fetch: (input, init) => fetch(input, init) } },
];

let validator: { readonly validate: ChatCompletionRequestValidator | undefined } | undefined;

/** The spec validator, compiled once per test worker; undefined (with the reason printed once) without the peers folder. */
export function chatCompletionRequestValidator(): ChatCompletionRequestValidator | undefined {
  if (validator !== undefined) return validator.validate;
  const peers = peersDirStatus();
  if (!peers.found) console.warn(`OpenAPI request validation skipped: ${peers.reason}`);
  validator = { validate: peers.found ? loadChatCompletionRequestValidator(peers.dir) : undefined };
  return validator.validate;
}

/** A fake server plus the checks every wire test applies to what the SDK sent. */
export interface WireHarness {
  /** The fake provider server. */
  readonly server: FakeProviderServer;
  /** A provider pointed at the server with {@link testApiKey}; `options` override. */
  provider(options?: OpenAIOptions): OpenAIProvider;
  /**
   * Validates every chat request body received since the last call against
   * `CreateChatCompletionRequest` of the official spec, then clears the
   * server (queue, handler, requests). Throws listing the problems.
   */
  checkAndReset(): void;
  /** Closes the server. */
  close(): Promise<void>;
}

function describeProblems(request: RecordedRequest, problems: readonly string[]): string {
  return `${request.method} ${request.path}${request.search}: ${problems.slice(0, 5).join('; ')}\n  body: ${request.rawBody.slice(0, 500)}`;
}

/** Checks request bodies the SDK sent against the spec; returns one line per invalid body. */
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

/** Starts a fake server for wire tests. */
export async function createWireHarness(
  options: Parameters<typeof createFakeProviderServer>[0] = {},
): Promise<WireHarness> {
  const server = await createFakeProviderServer(options);
  return {
    server,
    provider: (overrides = {}) =>
      createOpenAI({ baseURL: server.openaiBaseURL, apiKey: testApiKey, ...overrides }),
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
