/**
 * One typed ChatModel interface for OpenAI, Anthropic Claude and any OpenAI-compatible server:
 * messages, streams, errors, middleware, registry, structured output, tools and conversations.
 * Helpers for adapter authors are in `@org/llm-core/adapter-kit`; the zod schemas of requests and
 * messages in `@org/llm-core/schemas` (so that calling a model never loads zod).
 *
 * @module @org/llm-core
 */

export type { ChatModel } from './spec/chat-model.ts';
export type {
  ChatRequest,
  JsonSchema,
  ReasoningSettings,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from './spec/chat-request.ts';
export { toolNamePattern } from './spec/tool-name-pattern.ts';
export type { ChatResult, ProviderMetadata, ResponseInfo } from './spec/chat-result.ts';
export { toAssistantMessage } from './spec/chat-result.ts';
export type {
  ChatStreamPart,
  ContentStreamPart,
  FinishPart,
  ReasoningDeltaPart,
  ReasoningEndPart,
  ReasoningStartPart,
  ResponseMetadataPart,
  StreamStartPart,
  TextDeltaPart,
  TextEndPart,
  TextStartPart,
  ToolCallDeltaPart,
  ToolCallEndPart,
  ToolCallStartPart,
  ToolCallStreamPart,
} from './spec/chat-stream-part.ts';
export { isContentPart } from './spec/chat-stream-part.ts';
export type { FinishReason, UnifiedFinishReason } from './spec/finish-reason.ts';
export type { ModelCapabilities } from './spec/model-capabilities.ts';
export type { Cost, ModelPricing } from './spec/model-pricing.ts';
export type { ModelInfo } from './spec/model-info.ts';
export { computeCost } from './spec/model-pricing.ts';
export type { ModelStatus } from './models/model-status.ts';
export { modelStatus } from './models/model-status.ts';
export type { Usage } from './spec/usage.ts';
export { addUsage, createUsage, mergeUsage, totalTokens } from './spec/usage.ts';
export type { ChatWarning } from './spec/warning.ts';
export type {
  WarningCode,
  WarningDestination,
  WarningHandler,
  WarningNotice,
} from './warnings/warning-notice.ts';
export { setWarningHandler } from './warnings/report-warning.ts';
export { validateChatRequest } from './spec/validate-chat-request.ts';

export type {
  AssistantContentPart,
  ContentPart,
  ImageDataPart,
  ImagePart,
  ImageUrlPart,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
  UserContentPart,
} from './messages/content-parts.ts';

export type {
  AssistantMessage,
  ChatMessage,
  ChatRole,
  SystemMessage,
  ToolMessage,
  UserMessage,
} from './messages/messages.ts';

export type { ProviderOptions } from './messages/provider-options.ts';

export type {
  ChatStreamObserver,
  ChatStreamOptions,
  ChatStreamOutcome,
  ChatStreamSource,
} from './stream/chat-stream.ts';
export { ChatStream } from './stream/chat-stream.ts';

export type { LlmErrorCode, LlmErrorOptions } from './errors/llm-error.ts';
export { LlmError } from './errors/llm-error.ts';
export type {
  InvalidRequestErrorOptions,
  RateLimitErrorOptions,
  RateLimitKind,
  RequestIssue,
} from './errors/provider-errors.ts';
export {
  AuthenticationError,
  ContentFilterError,
  ContextLengthExceededError,
  InvalidRequestError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from './errors/provider-errors.ts';
export type {
  PartialChatResult,
  StreamInterruptedErrorOptions,
  TimeoutErrorOptions,
  TimeoutPhase,
} from './errors/transport-errors.ts';
export {
  ConnectionError,
  ResponseValidationError,
  StreamInterruptedError,
  TimeoutError,
} from './errors/transport-errors.ts';
export type {
  AllAttemptsFailedErrorOptions,
  CircuitOpenErrorOptions,
  ConversationConflictErrorOptions,
  FailedAttempt,
  StructuredOutputErrorOptions,
  UnsupportedFeatureErrorOptions,
} from './errors/library-errors.ts';
export {
  AllAttemptsFailedError,
  CircuitOpenError,
  ConfigError,
  ConversationConflictError,
  StreamConsumedError,
  StructuredOutputError,
  UnsupportedFeatureError,
} from './errors/library-errors.ts';
export type { ModelRetiredErrorOptions } from './errors/model-retired-error.ts';
export { ModelRetiredError } from './errors/model-retired-error.ts';

export type { ChatModelMiddleware, ChatOperation } from './middleware/wrap-chat-model.ts';
export { wrapChatModel } from './middleware/wrap-chat-model.ts';

export type {
  ChatModelProvider,
  ChatModelRegistry,
  ChatModelSettings,
  RegistryModelId,
  RegistryOptions,
} from './registry/create-registry.ts';
export { createRegistry } from './registry/create-registry.ts';

export type {
  GenerateObjectOptions,
  GenerateObjectResult,
} from './structured-output/generate-object.ts';
export { generateObject } from './structured-output/generate-object.ts';
export type { StructuredOutputMode } from './structured-output/prepare-structured-request.ts';
export type {
  DeepPartial,
  StreamObjectOptions,
  StreamObjectResult,
} from './structured-output/stream-object.ts';
export { streamObject } from './structured-output/stream-object.ts';
export type { PartialJson } from './structured-output/parse-partial-json.ts';
export { parsePartialJson } from './structured-output/parse-partial-json.ts';
export type { ExtractJsonResult } from './structured-output/extract-json.ts';
export { extractJson } from './structured-output/extract-json.ts';

export type { Tool, ToolExecutionContext, ToolOptions } from './tools/tool.ts';
export { isExecutableTool, tool } from './tools/tool.ts';
export type {
  RunToolsOptions,
  RunToolsResult,
  RunToolsStopReason,
  ToolStep,
} from './tools/run-tools.ts';
export { executeToolCalls, runTools } from './tools/run-tools.ts';

export type {
  ConversationInput,
  ConversationOptions,
  ConversationRequestSettings,
  TurnOptions,
} from './conversation/conversation.ts';
export { Conversation } from './conversation/conversation.ts';
export type {
  AppendOptions,
  ConversationInfo,
  ConversationList,
  ConversationMetadata,
  ConversationPage,
  ConversationStore,
  ConversationSummary,
  CreateConversationOptions,
  ListConversationsOptions,
  LoadPageOptions,
  StoredConversation,
  StoredSummary,
  StoredTurn,
  TurnStatus,
} from './conversation/conversation-store.ts';
export type { ConversationDataErrorOptions } from './conversation/conversation-data-error.ts';
export { ConversationDataError } from './conversation/conversation-data-error.ts';
export type { InMemoryConversationStoreOptions } from './conversation/in-memory-conversation-store.ts';
export { InMemoryConversationStore } from './conversation/in-memory-conversation-store.ts';
export type { MemoryContext, MemoryPolicy } from './conversation/memory-policy.ts';
export { lastMessages } from './conversation/memory-policy.ts';
export type { TokenBudgetOptions } from './conversation/token-budget.ts';
export { tokenBudget } from './conversation/token-budget.ts';
export type { SummarizeOptions } from './conversation/summarize-turns.ts';
export type { RequestOverhead, TokenCounter, TokenEstimate } from './conversation/token-counter.ts';
export { estimateTokenCounter } from './conversation/token-counter.ts';
