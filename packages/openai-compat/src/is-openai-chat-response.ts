import type { OpenAIChatResponse } from './openai-chat-api.ts';

// The fast path of mapOpenAIResponse: `openAIChatResponseSchema` (zod) copies
// the whole body on every call, the largest avoidable cost of a non-streamed
// answer. These checks accept a body only where the schema accepts it
// unchanged (a property test holds them to that), so a well-formed answer
// skips zod, and anything else still gets zod's verdict and its message
// naming the field.

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const absent = (value: unknown): boolean => value === undefined || value === null;
const optionalString = (value: unknown): boolean => absent(value) || typeof value === 'string';
const optionalNumber = (value: unknown): boolean =>
  absent(value) || (typeof value === 'number' && Number.isFinite(value));

function isUsage(value: unknown): boolean {
  if (absent(value)) return true;
  if (!isRecord(value)) return false;
  const prompt = value.prompt_tokens_details;
  const completion = value.completion_tokens_details;
  return (
    optionalNumber(value.prompt_tokens) &&
    optionalNumber(value.completion_tokens) &&
    (absent(prompt) || (isRecord(prompt) && optionalNumber(prompt.cached_tokens))) &&
    (absent(completion) || (isRecord(completion) && optionalNumber(completion.reasoning_tokens)))
  );
}

function isToolCall(value: unknown): boolean {
  if (!isRecord(value) || typeof value.id !== 'string' || !optionalString(value.type)) return false;
  const fn = value.function;
  return isRecord(fn) && typeof fn.name === 'string' && optionalString(fn.arguments);
}

function isChoice(value: unknown): boolean {
  if (!isRecord(value) || !optionalNumber(value.index) || !optionalString(value.finish_reason))
    return false;
  const message = value.message;
  if (!isRecord(message)) return false;
  const calls = message.tool_calls;
  return (
    optionalString(message.role) &&
    optionalString(message.content) &&
    optionalString(message.refusal) &&
    optionalString(message.reasoning_content) &&
    optionalString(message.reasoning) &&
    (absent(calls) || (Array.isArray(calls) && calls.every(isToolCall)))
  );
}

/**
 * Whether `body` is a Chat Completions answer that `openAIChatResponseSchema`
 * accepts as it is. `false` does not mean invalid: the caller then asks the
 * schema, which decides and names the field.
 */
export function isOpenAIChatResponse(body: unknown): body is OpenAIChatResponse {
  return (
    isRecord(body) &&
    optionalString(body.id) &&
    optionalString(body.model) &&
    optionalNumber(body.created) &&
    optionalString(body.system_fingerprint) &&
    optionalString(body.service_tier) &&
    Array.isArray(body.choices) &&
    body.choices.every(isChoice) &&
    isUsage(body.usage)
  );
}
