import type { ChatMessage } from '../messages/messages.ts';
import type { ChatRequest } from './chat-request.ts';
import { toolNamePattern } from './tool-name-pattern.ts';

// A hand-written check in front of `chatRequestSchema` (see validate-chat-request.ts).
// It must never accept what the schema rejects; it may reject what the schema
// accepts (that input then goes to zod, which decides). Its rules mirror the
// schemas in chat-request.ts, messages.ts and content-parts.ts and zod's own:
// a `z.object` takes any non-array object and reads a key that is required but
// may be `undefined` (`z.unknown()`) with `in`; a `z.record` takes only a plain
// object (zod's `isPlainObject`) and checks every own enumerable key; `z.number`
// and `z.int` refuse NaN and infinities. matches-chat-request-schema.test.ts
// checks it against the schema on generated requests. When a schema changes,
// change this file with it (the test fails until it does).

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zod's `isPlainObject`, which `z.record` requires. */
function isPlainObject(value: unknown): value is Fields {
  if (!isObject(value)) return false;
  // Any value: an own `constructor` field (a record's key) shadows Object's.
  const ctor: unknown = value.constructor;
  if (typeof ctor !== 'function') return true;
  const prototype: unknown = (ctor as { prototype?: unknown }).prototype;
  return isObject(prototype) && Object.prototype.hasOwnProperty.call(prototype, 'isPrototypeOf');
}

/**
 * A `z.record(z.string(), ...)`. Symbol keys and a `__proto__` key are left
 * to zod (it refuses the first and skips the second).
 */
function isRecord(value: unknown, valueMatches?: (entry: unknown) => boolean): boolean {
  if (!isPlainObject(value)) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  if (valueMatches === undefined) return !Object.prototype.hasOwnProperty.call(value, '__proto__');
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || !valueMatches(value[key])) return false;
  }
  return true;
}

const isOptionalString = (value: unknown): boolean =>
  value === undefined || typeof value === 'string';
const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value !== '';
const isString = (value: unknown): boolean => typeof value === 'string';
/** `providerOptionsSchema`: provider id → settings object. */
const isOptionalProviderOptions = (value: unknown): boolean =>
  value === undefined || isRecord(value, (entry) => isRecord(entry));
const isOptionalNumberIn = (value: unknown, min: number, max: number): boolean =>
  value === undefined || (typeof value === 'number' && value >= min && value <= max);
const isOptionalPositiveInt = (value: unknown): boolean =>
  value === undefined || (Number.isSafeInteger(value) && (value as number) > 0);

const imageUrlPattern = /^(https?:|data:)/i;
const efforts: ReadonlySet<unknown> = new Set([
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
]);
const toolChoiceModes: ReadonlySet<unknown> = new Set(['auto', 'none', 'required']);

function isTextPart(part: Fields): boolean {
  return typeof part.text === 'string' && isOptionalProviderOptions(part.providerOptions);
}

function isImagePart(part: Fields): boolean {
  const { url, data, mediaType } = part;
  if (!isOptionalString(url) || !isOptionalString(mediaType)) return false;
  if (!(data === undefined || typeof data === 'string' || data instanceof Uint8Array)) return false;
  if (!isOptionalProviderOptions(part.providerOptions)) return false;
  if ((url === undefined) === (data === undefined)) return false;
  if (url !== undefined) return imageUrlPattern.test(url as string);
  return mediaType !== undefined;
}

function isToolCallPart(part: Fields): boolean {
  return (
    isNonEmptyString(part.toolCallId) &&
    isNonEmptyString(part.toolName) &&
    'input' in part &&
    isOptionalProviderOptions(part.providerOptions)
  );
}

function isToolResultPart(part: Fields): boolean {
  return (
    part.type === 'tool-result' &&
    isNonEmptyString(part.toolCallId) &&
    isNonEmptyString(part.toolName) &&
    'output' in part &&
    (part.isError === undefined || typeof part.isError === 'boolean') &&
    isOptionalProviderOptions(part.providerOptions)
  );
}

function isReasoningPart(part: Fields): boolean {
  return (
    typeof part.text === 'string' &&
    isOptionalString(part.signature) &&
    isOptionalString(part.redactedData) &&
    isOptionalString(part.provider) &&
    isOptionalProviderOptions(part.providerOptions)
  );
}

function isUserPart(part: unknown): boolean {
  if (!isObject(part)) return false;
  if (part.type === 'text') return isTextPart(part);
  return part.type === 'image' && isImagePart(part);
}

function isAssistantPart(part: unknown): boolean {
  if (!isObject(part)) return false;
  switch (part.type) {
    case 'text':
      return isTextPart(part);
    case 'tool-call':
      return isToolCallPart(part);
    case 'reasoning':
      return isReasoningPart(part);
    default:
      return false;
  }
}

function isToolResult(part: unknown): boolean {
  return isObject(part) && isToolResultPart(part);
}

function everyItem(list: unknown, matches: (item: unknown) => boolean): boolean {
  if (!Array.isArray(list)) return false;
  // By index, as zod reads an array (an array's own iterator could differ).
  // eslint-disable-next-line @typescript-eslint/prefer-for-of
  for (let index = 0; index < list.length; index++) {
    if (!matches(list[index])) return false;
  }
  return true;
}

function isMessage(message: unknown): boolean {
  if (!isObject(message) || !isOptionalProviderOptions(message.providerOptions)) return false;
  const content = message.content;
  switch (message.role) {
    case 'system':
      return typeof content === 'string';
    case 'user':
      return typeof content === 'string' || everyItem(content, isUserPart);
    case 'assistant':
      return typeof content === 'string' || everyItem(content, isAssistantPart);
    case 'tool':
      return everyItem(content, isToolResult);
    default:
      return false;
  }
}

function isTool(tool: unknown): boolean {
  return (
    isObject(tool) &&
    typeof tool.name === 'string' &&
    toolNamePattern.test(tool.name) &&
    isOptionalString(tool.description) &&
    isRecord(tool.inputSchema) &&
    (tool.strict === undefined || typeof tool.strict === 'boolean') &&
    isOptionalProviderOptions(tool.providerOptions)
  );
}

function isToolChoice(choice: unknown): boolean {
  if (toolChoiceModes.has(choice)) return true;
  return isObject(choice) && choice.type === 'tool' && typeof choice.toolName === 'string';
}

function isResponseFormat(format: unknown): boolean {
  if (!isObject(format)) return false;
  switch (format.type) {
    case 'text':
    case 'json':
      return true;
    case 'json-schema':
      return (
        isRecord(format.schema) &&
        isOptionalString(format.name) &&
        isOptionalString(format.description) &&
        (format.strict === undefined || typeof format.strict === 'boolean')
      );
    default:
      return false;
  }
}

function isReasoning(reasoning: unknown): boolean {
  return (
    isObject(reasoning) &&
    (reasoning.effort === undefined || efforts.has(reasoning.effort)) &&
    isOptionalPositiveInt(reasoning.budgetTokens)
  );
}

/**
 * Whether `chatMessageSchema` accepts the message, decided without zod for
 * the messages applications send; `false` means "ask zod", as below.
 */
export function matchesChatMessageSchema(message: unknown): message is ChatMessage {
  return isMessage(message);
}

/**
 * Whether `chatRequestSchema` accepts the request, decided without zod for
 * the requests applications send. `false` means "ask zod", not "invalid":
 * a few inputs zod accepts (records with symbol or `__proto__` keys) are left
 * to it.
 */
export function matchesChatRequestSchema(request: unknown): request is ChatRequest {
  if (!isObject(request)) return false;
  const { messages } = request;
  if (!Array.isArray(messages) || messages.length === 0 || !everyItem(messages, isMessage)) {
    return false;
  }
  return (
    isOptionalString(request.system) &&
    (request.tools === undefined || everyItem(request.tools, isTool)) &&
    (request.toolChoice === undefined || isToolChoice(request.toolChoice)) &&
    (request.parallelToolCalls === undefined || typeof request.parallelToolCalls === 'boolean') &&
    (request.responseFormat === undefined || isResponseFormat(request.responseFormat)) &&
    isOptionalPositiveInt(request.maxOutputTokens) &&
    isOptionalNumberIn(request.temperature, 0, 2) &&
    isOptionalNumberIn(request.topP, 0, 1) &&
    (request.stop === undefined || everyItem(request.stop, isNonEmptyString)) &&
    (request.seed === undefined || Number.isSafeInteger(request.seed)) &&
    (request.reasoning === undefined || isReasoning(request.reasoning)) &&
    (request.abortSignal === undefined || request.abortSignal instanceof AbortSignal) &&
    (request.headers === undefined || isRecord(request.headers, isString)) &&
    isOptionalProviderOptions(request.providerOptions) &&
    (request.metadata === undefined || isRecord(request.metadata))
  );
}
