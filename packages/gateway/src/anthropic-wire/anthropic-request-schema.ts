import { z } from 'zod';

// The Messages API request body as the gateway accepts it: the fields it
// maps to a ChatRequest, checked with messages that name the field. Unknown
// fields pass and are ignored; block types the gateway cannot forward
// (documents, server tools) are refused in convert-anthropic-request.ts.

const cacheControl = z.looseObject({
  type: z.literal('ephemeral'),
  ttl: z.enum(['5m', '1h']).optional(),
});

const textBlock = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl.nullish(),
});
const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  ]),
  cache_control: cacheControl.nullish(),
});
const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  cache_control: cacheControl.nullish(),
});
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.union([textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl.nullish(),
});
const thinkingBlock = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const redactedThinkingBlock = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});
/** Any block type the gateway does not forward (documents, server tool results...). */
const unsupportedBlock = z.object({ type: z.literal('unsupported'), blockType: z.string() });

const knownBlockTypes = new Set([
  'text',
  'image',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
]);

/** A content block of a request message (an unknown `type` becomes `unsupported`). */
export const anthropicBlockSchema = z.preprocess(
  (block) => {
    if (typeof block !== 'object' || block === null) return block;
    const type = (block as { type?: unknown }).type;
    return typeof type === 'string' && !knownBlockTypes.has(type)
      ? { type: 'unsupported', blockType: type }
      : block;
  },
  z.discriminatedUnion('type', [
    textBlock,
    imageBlock,
    toolUseBlock,
    toolResultBlock,
    thinkingBlock,
    redactedThinkingBlock,
    unsupportedBlock,
  ]),
);
/** A content block of a request message. */
export type AnthropicInboundBlock = z.infer<typeof anthropicBlockSchema>;

/** A message of a Messages request. */
export const anthropicInboundMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(anthropicBlockSchema)]),
});
/** A message of a Messages request. */
export type AnthropicInboundMessage = z.infer<typeof anthropicInboundMessageSchema>;

const tool = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  type: z.string().optional(),
  strict: z.boolean().optional(),
  cache_control: cacheControl.nullish(),
});

const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({
    type: z.literal('tool'),
    name: z.string().min(1),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.looseObject({ type: z.literal('none') }),
]);

/** The body of `POST /v1/messages`, as far as the gateway reads it. */
export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.int().positive(),
  messages: z.array(anthropicInboundMessageSchema).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().positive().optional(),
  thinking: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('enabled'), budget_tokens: z.int().positive() }),
      z.looseObject({ type: z.literal('disabled') }),
      z.looseObject({ type: z.literal('adaptive') }),
    ])
    .optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  stream: z.boolean().optional(),
});
/** The body of `POST /v1/messages`. */
export type AnthropicMessagesRequestBody = z.infer<typeof anthropicMessagesRequestSchema>;
