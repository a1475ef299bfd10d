/**
 * The zod schemas of requests and messages, the source of truth for user input and stored
 * conversations. A separate entry so that an application that only calls models never loads zod:
 * adapters check requests by hand and load these only for a request the hand-written check does not
 * accept (see docs/decisions/0008-schemas-subpath-lazy-zod.md).
 *
 * @module @org/llm-core/schemas
 */

export {
  chatRequestSchema,
  reasoningSettingsSchema,
  responseFormatSchema,
  toolChoiceSchema,
  toolDefinitionSchema,
} from './spec/chat-request.ts';
export {
  imagePartSchema,
  reasoningPartSchema,
  textPartSchema,
  toolCallPartSchema,
  toolResultPartSchema,
} from './messages/content-parts.ts';
export {
  assistantMessageSchema,
  chatMessageSchema,
  systemMessageSchema,
  toolMessageSchema,
  userMessageSchema,
} from './messages/messages.ts';
export { providerOptionsSchema } from './messages/provider-options.ts';
