import { z } from 'zod';
import { providerOptionsSchema } from './provider-options.ts';

/** Plain text. */
export const textPartSchema = z.object({
  type: z.literal('text'),
  /** The text. */
  text: z.string(),
  /** Provider-specific settings for this part (e.g. Anthropic `cacheControl`). */
  providerOptions: providerOptionsSchema.optional(),
});
/** Plain text. */
export type TextPart = z.infer<typeof textPartSchema>;

/** An image given by URL: `https:`, `http:` or a `data:` URL. */
export interface ImageUrlPart {
  readonly type: 'image';
  /** `https:`, `http:` or `data:` URL of the image. */
  readonly url: string;
  /** IANA media type, e.g. `image/png`; optional for URLs. */
  readonly mediaType?: string | undefined;
  /** Provider-specific settings for this part. */
  readonly providerOptions?: z.infer<typeof providerOptionsSchema> | undefined;
}

/** An image given inline, as bytes or base64 text. */
export interface ImageDataPart {
  readonly type: 'image';
  /** The image bytes, or the same bytes as base64 text (base64 survives JSON storage). */
  readonly data: Uint8Array | string;
  /** IANA media type, e.g. `image/png`, `image/jpeg`, `image/gif`, `image/webp`. */
  readonly mediaType: string;
  /** Provider-specific settings for this part. */
  readonly providerOptions?: z.infer<typeof providerOptionsSchema> | undefined;
}

/** An image, by URL or inline data. */
export type ImagePart = ImageUrlPart | ImageDataPart;

const imageUrlPattern = /^(https?:|data:)/i;

/**
 * The image part as a zod object (for discriminated unions); its inferred type
 * is looser than {@link ImagePart}, so public code uses {@link imagePartSchema}.
 */
export const imagePartObjectSchema = z
  .object({
    type: z.literal('image'),
    url: z.string().optional(),
    data: z.union([z.instanceof(Uint8Array), z.string()]).optional(),
    mediaType: z.string().optional(),
    providerOptions: providerOptionsSchema.optional(),
  })
  .check((ctx) => {
    const part = ctx.value;
    if ((part.url === undefined) === (part.data === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: part,
        message: "give exactly one of 'url' (an https: or data: URL) and 'data' (bytes or base64)",
      });
    } else if (part.url !== undefined && !imageUrlPattern.test(part.url)) {
      ctx.issues.push({
        code: 'custom',
        input: part.url,
        path: ['url'],
        message:
          "must be an https:, http: or data: URL; pass raw base64 as 'data' with a mediaType",
      });
    } else if (part.data !== undefined && part.mediaType === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: part,
        path: ['mediaType'],
        message: "is required with 'data', e.g. 'image/png'",
      });
    }
  });

/** An image, by URL or inline data; exactly one of `url` and `data`. */
export const imagePartSchema = imagePartObjectSchema as unknown as z.ZodType<ImagePart>;

/** A tool call the assistant made. */
export const toolCallPartSchema = z.object({
  type: z.literal('tool-call'),
  /** Id that links the call to its result; unique within a conversation. */
  toolCallId: z.string().min(1),
  /** Name of the called tool. */
  toolName: z.string().min(1),
  /**
   * The parsed JSON arguments. When the model produced arguments that are not
   * valid JSON, the raw text (tools then report the problem back to it).
   */
  input: z.unknown(),
  /** Provider-specific data for round trips. */
  providerOptions: providerOptionsSchema.optional(),
});
/** A tool call the assistant made. */
export type ToolCallPart = z.infer<typeof toolCallPartSchema>;

/** The result of a tool call, sent back to the model in a `tool` message. */
export const toolResultPartSchema = z.object({
  type: z.literal('tool-result'),
  /** The `toolCallId` of the call this answers. */
  toolCallId: z.string().min(1),
  /** Name of the tool that ran. */
  toolName: z.string().min(1),
  /** The result: text, or any JSON-serialisable value (sent as JSON text). */
  output: z.unknown(),
  /** True when the tool failed and `output` describes the error. */
  isError: z.boolean().optional(),
  /** Provider-specific settings for this part. */
  providerOptions: providerOptionsSchema.optional(),
});
/** The result of a tool call. */
export type ToolResultPart = z.infer<typeof toolResultPartSchema>;

/** The model's reasoning ("thinking"), kept so it can be sent back on the next turn. */
export const reasoningPartSchema = z.object({
  type: z.literal('reasoning'),
  /** The reasoning text; empty when the provider redacted it. */
  text: z.string(),
  /**
   * The provider's signature over the reasoning (Anthropic `signature`); it
   * must be sent back unchanged on the next turn.
   */
  signature: z.string().optional(),
  /** Opaque encrypted reasoning the provider redacted (Anthropic `redacted_thinking`). */
  redactedData: z.string().optional(),
  /** Provider that produced the reasoning; other providers drop it with a warning. */
  provider: z.string().optional(),
  /** Provider-specific settings for this part. */
  providerOptions: providerOptionsSchema.optional(),
});
/** The model's reasoning. */
export type ReasoningPart = z.infer<typeof reasoningPartSchema>;

/** Parts a user message may hold. */
export type UserContentPart = TextPart | ImagePart;
/** Parts an assistant message (and a result) may hold. */
export type AssistantContentPart = TextPart | ToolCallPart | ReasoningPart;
/** Any content part. */
export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart | ReasoningPart;
