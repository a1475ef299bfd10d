/**
 * Test kit for @org/llm: MockChatModel, a wire-faithful fake provider server, and the contract
 * suite every ChatModel adapter runs. The Vitest contract suites are in `@org/llm-testkit/vitest`.
 *
 * @module @org/llm-testkit
 */

export type {
  MockCall,
  MockChatModelOptions,
  MockFailure,
  MockParts,
  MockReply,
  MockResponse,
  MockToolCall,
} from './mock-chat-model.ts';
export { MockChatModel } from './mock-chat-model.ts';
export type { CapturedWarnings } from './capture-warnings.ts';
export { captureWarnings } from './capture-warnings.ts';
export type { ContractScenario } from './contract/contract-scenario.ts';
export { checkStreamParts } from './contract/check-stream-parts.ts';

// Fake provider server (OpenAI Chat Completions and Anthropic Messages wires).
export type {
  FakeProviderServer,
  FakeProviderServerOptions,
  FakeScriptHandler,
} from './fake-server/create-fake-provider-server.ts';
export { createFakeProviderServer } from './fake-server/create-fake-provider-server.ts';
export type {
  FakeContentEncoding,
  FakeEndpoint,
  FakeScript,
  FakeScriptContext,
  FakeScriptOptions,
  FakeWire,
  WireResponse,
} from './fake-server/fake-script.ts';
export { FakeServerError } from './fake-server/fake-server-error.ts';
export type { Fault } from './fake-server/fault.ts';
export { fault } from './fake-server/fault.ts';
export type { FakeRequestBodies, RecordedRequest } from './fake-server/recorded-request.ts';
export type {
  OpenAIChatRequestBody,
  OpenAIRequestContentPart,
  OpenAIRequestMessage,
  OpenAIRequestTool,
  OpenAIRequestToolCall,
} from './fake-server/openai-request-body.ts';
export type {
  AnthropicCountTokensRequestBody,
  AnthropicMessagesRequestBody,
  AnthropicRequestContentBlock,
  AnthropicRequestMessage,
  AnthropicRequestTool,
  AnthropicRequestToolChoice,
} from './fake-server/anthropic-request-body.ts';
export type {
  OpenAIErrorFields,
  OpenAIFinishReason,
  OpenAIUsage,
} from './fake-server/openai-wire.ts';
export type {
  OpenAIAnswerOptions,
  OpenAIErrorOptions,
  OpenAIQuotaExhaustedOptions,
  OpenAIRateLimitedOptions,
  OpenAIRawOptions,
  OpenAIStreamErrorOptions,
  OpenAITextOptions,
  OpenAIToolCall,
  OpenAIToolCallsOptions,
} from './fake-server/openai-scripts.ts';
export { openai } from './fake-server/openai-scripts.ts';
export type {
  AnthropicErrorType,
  AnthropicStopReason,
  AnthropicUsage,
} from './fake-server/anthropic-wire.ts';
export type {
  AnthropicAfterThinking,
  AnthropicAnswerOptions,
  AnthropicErrorOptions,
  AnthropicOverloadedOptions,
  AnthropicRateLimitedOptions,
  AnthropicRawOptions,
  AnthropicStreamErrorOptions,
  AnthropicTextOptions,
  AnthropicThinking,
  AnthropicToolUse,
  AnthropicToolUseOptions,
} from './fake-server/anthropic-scripts.ts';
export { anthropic } from './fake-server/anthropic-scripts.ts';
export type { FixtureScriptOptions } from './fake-server/fixture-script.ts';
export { loadRecordedExchanges } from './fake-server/load-recorded-exchanges.ts';
export type { FindSecretLeaksOptions, SecretLeak } from './secrets/find-secret-leaks.ts';
export { findSecretLeaks } from './secrets/find-secret-leaks.ts';
export type {
  RecordedExchange,
  RecordedExchangeRequest,
  RecordedExchangeResponse,
} from './fake-server/recorded-exchange.ts';
