import { z } from 'zod';
import {
  imagePartObjectSchema,
  reasoningPartSchema,
  textPartSchema,
  toolCallPartSchema,
  toolResultPartSchema,
  type UserContentPart,
} from './content-parts.ts';
import { providerOptionsSchema } from './provider-options.ts';

/** Instructions from the application. Adapters move them where the provider wants them. */
export const systemMessageSchema = z.object({
  role: z.literal('system'),
  /** The instructions. */
  content: z.string(),
  /** Provider-specific settings (e.g. Anthropic `cacheControl`). */
  providerOptions: providerOptionsSchema.optional(),
});
/** Instructions from the application. */
export type SystemMessage = z.infer<typeof systemMessageSchema>;

/** A message from the end user: text, or text and images. */
export interface UserMessage {
  readonly role: 'user';
  /** Text, or a list of text and image parts. */
  content: string | UserContentPart[];
  /** Provider-specific settings. */
  providerOptions?: z.infer<typeof providerOptionsSchema> | undefined;
}

const userMessageObjectSchema = z.object({
  role: z.literal('user'),
  content: z.union([
    z.string(),
    z.array(z.discriminatedUnion('type', [textPartSchema, imagePartObjectSchema])),
  ]),
  providerOptions: providerOptionsSchema.optional(),
});

/** A message from the end user: text, or text and images. */
export const userMessageSchema = userMessageObjectSchema as unknown as z.ZodType<UserMessage>;

/** A message from the model: text, tool calls and reasoning. */
export const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  /** Text, or a list of text, tool-call and reasoning parts. */
  content: z.union([
    z.string(),
    z.array(
      z.discriminatedUnion('type', [textPartSchema, toolCallPartSchema, reasoningPartSchema]),
    ),
  ]),
  /** Provider-specific settings. */
  providerOptions: providerOptionsSchema.optional(),
});
/** A message from the model. */
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;

/** Results of the tool calls in the preceding assistant message. */
export const toolMessageSchema = z.object({
  role: z.literal('tool'),
  /** One result per answered tool call. */
  content: z.array(toolResultPartSchema),
  /** Provider-specific settings. */
  providerOptions: providerOptionsSchema.optional(),
});
/** Results of tool calls. */
export type ToolMessage = z.infer<typeof toolMessageSchema>;

/** Any message of a conversation; the source of truth for user input and stored history. */
export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  userMessageObjectSchema,
  assistantMessageSchema,
  toolMessageSchema,
]) as unknown as z.ZodType<ChatMessage>;
/** Any message of a conversation. */
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** The roles a message may have. */
export type ChatRole = ChatMessage['role'];
