import { z } from 'zod';
import { chatMessageSchema } from '../messages/messages.ts';
import { providerOptionsSchema } from '../messages/provider-options.ts';
import { toolNamePattern } from './tool-name-pattern.ts';

/** A JSON Schema object (draft 2020-12 or draft-07), as plain JSON. */
export type JsonSchema = Record<string, unknown>;

const jsonSchemaSchema = z.record(z.string(), z.unknown());

/**
 * A tool the model may call. Extra fields are allowed (the objects built by
 * `tool()` carry their validator and `execute` function); adapters read only
 * these.
 */
export const toolDefinitionSchema = z.looseObject({
  /** Name the model calls the tool by: letters, digits, `_` and `-`, at most 64 characters. */
  name: z
    .string()
    .regex(toolNamePattern, 'must be 1 to 64 letters, digits, underscores or hyphens'),
  /** What the tool does and when to use it; models rely on it. */
  description: z.string().optional(),
  /** JSON Schema of the tool's input object. */
  inputSchema: jsonSchemaSchema,
  /** Ask the provider to enforce the schema exactly (OpenAI `strict`), where supported. */
  strict: z.boolean().optional(),
  /** Provider-specific settings for this tool (e.g. Anthropic `cacheControl`). */
  providerOptions: providerOptionsSchema.optional(),
});
/** A tool the model may call. */
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

/** Whether and which tool the model must call: `auto` (default), `none`, `required`, or one named tool. */
export const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('tool'), toolName: z.string() }),
]);
/** Whether and which tool the model must call. */
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

/** The shape of the answer: free text (default), any JSON object, or JSON valid against a schema. */
export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json') }),
  z.object({
    type: z.literal('json-schema'),
    /** JSON Schema the answer must satisfy (build it from zod with `z.toJSONSchema`, or use `generateObject`). */
    schema: jsonSchemaSchema,
    /** Name of the schema (OpenAI requires one; defaults to `response`). */
    name: z.string().optional(),
    /** What the answer is. */
    description: z.string().optional(),
    /** Ask the provider to enforce the schema exactly, where supported (default true). */
    strict: z.boolean().optional(),
  }),
]);
/** The shape of the answer. */
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/** How hard a reasoning model thinks: a relative effort, a token budget, or both. */
export const reasoningSettingsSchema = z.object({
  /**
   * Relative effort, from `none` (no reasoning) to `max`; adapters map it to
   * the provider's scale and warn when a level does not exist there.
   */
  effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional(),
  /** Most tokens to spend on reasoning (Anthropic `budget_tokens`). */
  budgetTokens: z.int().positive().optional(),
});
/** How hard a reasoning model thinks. */
export type ReasoningSettings = z.infer<typeof reasoningSettingsSchema>;

/** Everything a chat call takes; only `messages` is required. */
export const chatRequestSchema = z.object({
  /** The conversation so far, oldest first. */
  messages: z.array(chatMessageSchema).min(1, 'must hold at least one message'),
  /** System instructions, sent before `messages` (adapters merge it with system messages). */
  system: z.string().optional(),
  /** Tools the model may call. */
  tools: z.array(toolDefinitionSchema).optional(),
  /** Whether and which tool the model must call. */
  toolChoice: toolChoiceSchema.optional(),
  /** Whether the model may call several tools in one turn (provider default when unset). */
  parallelToolCalls: z.boolean().optional(),
  /** The shape of the answer. */
  responseFormat: responseFormatSchema.optional(),
  /** Most tokens to generate. */
  maxOutputTokens: z.int().positive().optional(),
  /** Sampling temperature, 0 to 2 (Anthropic: 0 to 1). */
  temperature: z.number().min(0).max(2).optional(),
  /** Nucleus sampling, 0 to 1. */
  topP: z.number().min(0).max(1).optional(),
  /** Sequences that end generation when produced. */
  stop: z.array(z.string().min(1)).optional(),
  /** Seed for best-effort deterministic sampling. */
  seed: z.int().optional(),
  /** Reasoning effort or budget for reasoning models. */
  reasoning: reasoningSettingsSchema.optional(),
  /** Cancels the call; the call then rejects with the signal's own reason. */
  abortSignal: z.instanceof(AbortSignal).optional(),
  /** Extra HTTP headers for this call. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Provider-specific settings, namespaced by provider id. */
  providerOptions: providerOptionsSchema.optional(),
  /** Your own labels for this call (feature, user, tenant); recorded by observability layers, not sent. */
  metadata: z.record(z.string(), z.unknown()).optional(),
});
/** Everything a chat call takes; only `messages` is required. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
