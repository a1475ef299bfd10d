/**
 * Helpers for adapter authors. Applications rarely need these; adapters use them so that every
 * provider classifies failures, reads Retry-After, keeps deadlines and redacts secrets the same way
 * (see the guide docs/guides/writing-an-adapter.md).
 *
 * @module @org/llm-core/adapter-kit
 */

export type { CallAllowance } from './adapter-kit/call-control.ts';
export { CallControl } from './adapter-kit/call-control.ts';
export type { CutToolCall } from './adapter-kit/cut-tool-call.ts';
export { cutToolCallError, isToolInputComplete } from './adapter-kit/cut-tool-call.ts';
export type { ProxyFailureContext } from './adapter-kit/map-proxy-failure.ts';
export { mapProxyFailure } from './adapter-kit/map-proxy-failure.ts';
export type { FetchLike, ProxyAgentClasses, UndiciProxyFetch } from './adapter-kit/proxy-fetch.ts';
export {
  createLazyProxyFetch,
  createProxyDispatcher,
  withProxyFailures,
} from './adapter-kit/proxy-fetch.ts';
export type { ProxyEndpoint, ResolvedProxy } from './adapter-kit/resolve-proxy.ts';
export { proxyForTarget, proxySecrets, resolveProxy } from './adapter-kit/resolve-proxy.ts';
export type { SseEvent, SseParserOptions } from './adapter-kit/sse-parser.ts';
export { SseParser } from './adapter-kit/sse-parser.ts';
export type { FailureContext } from './errors/classify-http-failure.ts';
export {
  classifyErrorPayload,
  classifyHttpFailure,
  statusForErrorType,
} from './errors/classify-http-failure.ts';
export type { HeadersLike } from './errors/headers-like.ts';
export { getHeader, headersToRecord } from './errors/headers-like.ts';
export type { ParseRetryAfterOptions } from './errors/parse-retry-after.ts';
export { parseDuration, parseRetryAfter } from './errors/parse-retry-after.ts';
export { redactError } from './errors/redact-error.ts';
export { redactSecrets } from './errors/redact-secrets.ts';
export type { SummarizeResponseBodyOptions } from './errors/summarize-response-body.ts';
export { summarizeResponseBody } from './errors/summarize-response-body.ts';
export type { UnexpectedBody } from './errors/unexpected-body-error.ts';
export { unexpectedBodyError } from './errors/unexpected-body-error.ts';
export { resultToStreamParts } from './stream/result-to-stream-parts.ts';
export { formatPath, toRequestIssues } from './spec/validate-chat-request.ts';
export { tokenCount } from './spec/usage.ts';
export { withCost } from './spec/model-pricing.ts';
export type { RequestWarningContext } from './warnings/check-request-warnings.ts';
export { checkRequestWarnings } from './warnings/check-request-warnings.ts';
export { reportNotice, resetReportedWarnings } from './warnings/report-warning.ts';
export type { CheckModelIdOptions } from './models/check-model-id.ts';
export { checkModelId, describeCapabilities } from './models/check-model-id.ts';
export { closestModelIds } from './models/closest-model-ids.ts';
// Argument checks and errors shared by conversation stores (the in-memory one and @org/llm-memory's).
export {
  checkAppend,
  checkConversationId,
  checkListOptions,
  checkMetadata,
  checkPageOptions,
  checkSummary,
  checkTtl,
  conflictError,
  existsError,
  maxConversationIdLength,
  notFoundError,
} from './conversation/store-arguments.ts';
