import type { AnthropicMessage } from './anthropic-api.ts';

// The fast path of a non-streamed answer: `anthropicMessageSchema` (zod)
// copies the whole body on every call. These checks accept a body only where
// the schema accepts it unchanged (a property test holds them to that), so a
// well-formed answer skips zod, and anything else still gets zod's verdict,
// its `other` blocks and its message naming the field. Block types the
// schema turns into `other` (server tools) are left to zod for that reason.

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nullish = (value: unknown): boolean => value === undefined || value === null;
/** `z.string().nullish()`. */
const optionalString = (value: unknown): boolean => nullish(value) || typeof value === 'string';
/** `z.number().nullish()`: zod refuses NaN and the infinities. */
const optionalCount = (value: unknown): boolean => nullish(value) || Number.isFinite(value);

function isBlock(block: unknown): boolean {
  if (!isObject(block)) return false;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string';
    case 'thinking':
      return typeof block.thinking === 'string' && typeof block.signature === 'string';
    case 'redacted_thinking':
      return typeof block.data === 'string';
    case 'tool_use':
      return typeof block.id === 'string' && typeof block.name === 'string' && 'input' in block;
    default:
      return false;
  }
}

function isUsage(usage: unknown): boolean {
  if (!isObject(usage)) return false;
  const details = usage.output_tokens_details;
  return (
    optionalCount(usage.input_tokens) &&
    optionalCount(usage.output_tokens) &&
    optionalCount(usage.cache_creation_input_tokens) &&
    optionalCount(usage.cache_read_input_tokens) &&
    (nullish(details) || (isObject(details) && optionalCount(details.thinking_tokens)))
  );
}

function isStopDetails(details: unknown): boolean {
  return (
    nullish(details) ||
    (isObject(details) &&
      optionalString(details.type) &&
      optionalString(details.category) &&
      optionalString(details.explanation))
  );
}

/**
 * Whether `body` is a Messages answer that `anthropicMessageSchema` accepts
 * as it is. `false` does not mean invalid: the caller then asks the schema,
 * which decides and names the field.
 */
export function isAnthropicMessage(body: unknown): body is AnthropicMessage {
  if (!isObject(body)) return false;
  const content = body.content;
  if (!Array.isArray(content)) return false;
  // By index, as zod reads an array.
  // eslint-disable-next-line @typescript-eslint/prefer-for-of
  for (let index = 0; index < content.length; index++) {
    if (!isBlock(content[index])) return false;
  }
  return (
    typeof body.id === 'string' &&
    typeof body.model === 'string' &&
    optionalString(body.stop_reason) &&
    optionalString(body.stop_sequence) &&
    isStopDetails(body.stop_details) &&
    isUsage(body.usage)
  );
}
