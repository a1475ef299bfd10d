import {
  createFakeProviderServer,
  peersDirStatus,
  type FakeProviderServer,
  type RecordedRequest,
} from '@org/llm-testkit';
import { faultTestApiKey } from '../../../openai-compat/src/test-support/openai-fault-cases.ts';
import { createOpenAIHttp, type OpenAIHttpOptions, type OpenAIHttpProvider } from '../index.ts';
// The spec validator lives with the wire mapping in @org/llm-openai-compat's test
// support (unpublished, so imported by path); both OpenAI adapters' tests use it.
import {
  loadChatCompletionRequestValidator,
  type ChatCompletionRequestValidator,
} from '../../../openai-compat/src/test-support/openapi-request-validator.ts';

/**
 * The API key wire tests send; long enough for the fake server to keep its
 * last 4 characters. The shared fault table's 401 echoes this key, which the
 * adapter must scrub.
 */
export const testApiKey = faultTestApiKey;

/** The two transports every wire test runs over. */
export const transports: readonly { readonly name: string; readonly options: OpenAIHttpOptions }[] =
  [
    { name: 'undici request', options: {} },
    { name: 'injected fetch', options: { fetch: (input, init) => fetch(input, init) } },
  ];

let validator: ChatCompletionRequestValidator | undefined;

/** The spec validator, compiled once per test worker; undefined (with a printed reason) without the peers folder. */
export function chatCompletionRequestValidator(): ChatCompletionRequestValidator | undefined {
  if (validator !== undefined) return validator;
  const peers = peersDirStatus();
  if (!peers.found) {
    console.warn(`OpenAPI request validation skipped: ${peers.reason}`);
    return undefined;
  }
  validator = loadChatCompletionRequestValidator(peers.dir);
  return validator;
}

/** A fake server plus the checks every wire test applies to what the adapter sent. */
export interface WireHarness {
  /** The fake provider server. */
  readonly server: FakeProviderServer;
  /** A provider pointed at the server with {@link testApiKey}; `options` override. */
  provider(options?: OpenAIHttpOptions): OpenAIHttpProvider;
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

/** Starts a fake server for wire tests. */
export async function createWireHarness(): Promise<WireHarness> {
  const server = await createFakeProviderServer();
  const validate = chatCompletionRequestValidator();
  return {
    server,
    provider: (options = {}) =>
      createOpenAIHttp({ baseURL: server.openaiBaseURL, apiKey: testApiKey, ...options }),
    checkAndReset: () => {
      const invalid: string[] = [];
      if (validate !== undefined) {
        for (const request of server.requests) {
          if (request.endpoint !== 'openai-chat') continue;
          const problems = validate(request.body);
          if (problems.length > 0) invalid.push(describeProblems(request, problems));
        }
      }
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
