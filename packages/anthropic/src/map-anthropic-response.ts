import {
  ResponseValidationError,
  type StructuredOutputError,
  type AssistantContentPart,
  type ChatResult,
  type ChatWarning,
  type ProviderMetadata,
  type ToolCallPart,
} from '@org/llm-core';
import { cutToolCallError, isToolInputComplete } from '@org/llm-core/adapter-kit';
import type { AnthropicMessage } from './anthropic-api.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';
import type { AnthropicStructuredOutputMode } from './prepare-anthropic-request.ts';

/** What the response mapping needs besides the body. */
export interface AnthropicResponseContext {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Warnings of the request mapping. */
  readonly warnings: readonly ChatWarning[];
  /** How a structured answer was requested, if one was. */
  readonly structuredOutput: AnthropicStructuredOutputMode | undefined;
  /** The forced tool whose input is the structured answer (`tool` mode). */
  readonly structuredToolName: string | undefined;
  /** The request body's `tools` (their input schemas judge a call the output limit may have cut). */
  readonly tools: readonly unknown[] | undefined;
}

/**
 * The typed error for output that the output limit (`max_tokens`, or the
 * context window) cut off: a structured answer or a tool call whose input is
 * incomplete. Raised instead of handing on a call that is not whole.
 */
export function truncatedOutputError(
  context: Pick<AnthropicResponseContext, 'provider' | 'modelId'>,
  what: {
    readonly toolName?: string | undefined;
    readonly text: string;
    /** The stop reason that cut it (default `max_tokens`). */
    readonly stopReason?: string | undefined;
  },
): StructuredOutputError {
  return cutToolCallError(context, {
    toolName: what.toolName,
    text: what.text,
    limit: what.stopReason ?? 'max_tokens',
  });
}

/** The input schema of the tool named `name` in a request body's `tools`. */
export function anthropicToolSchema(tools: readonly unknown[] | undefined, name: string): unknown {
  if (tools === undefined) return undefined;
  for (const tool of tools) {
    if (typeof tool === 'object' && tool !== null && (tool as { name?: unknown }).name === name) {
      return (tool as { input_schema?: unknown }).input_schema;
    }
  }
  return undefined;
}

/** Anthropic-only facts of a response, for `providerMetadata.anthropic`. */
export function anthropicMetadata(fields: {
  readonly stopSequence: string | null | undefined;
  readonly stopDetails: unknown;
  readonly structuredOutput: AnthropicStructuredOutputMode | undefined;
}): ProviderMetadata | undefined {
  const out: Record<string, unknown> = {};
  if (typeof fields.stopSequence === 'string') out.stopSequence = fields.stopSequence;
  if (fields.stopDetails !== null && fields.stopDetails !== undefined)
    out.stopDetails = fields.stopDetails;
  if (fields.structuredOutput !== undefined) out.structuredOutput = fields.structuredOutput;
  return Object.keys(out).length === 0 ? undefined : { anthropic: out };
}

/**
 * A tool input as JSON text. JSON.stringify recurses: an input nested deeper
 * than its stack allows (valid JSON that JSON.parse accepted) is refused as
 * a `ResponseValidationError` instead of escaping as a `RangeError`.
 */
function inputText(
  input: unknown,
  context: Pick<AnthropicResponseContext, 'provider' | 'modelId'>,
): string {
  try {
    return JSON.stringify(input);
  } catch (error) {
    throw new ResponseValidationError(
      `${context.provider} answered '${context.modelId}' with a tool input nested too deeply to use.`,
      { provider: context.provider, modelId: context.modelId, cause: error },
    );
  }
}

/**
 * Maps a non-streamed Messages response to a `ChatResult`: text, thinking
 * (with its signature; redacted thinking as opaque `redactedData`) and tool
 * calls in order; server-tool blocks are skipped. In `tool` structured-output
 * mode the forced tool's input becomes the text.
 *
 * When the output limit stopped the answer (`max_tokens`), a tool call (or
 * the forced structured-output tool) whose input is not whole, judged by
 * core's `isToolInputComplete` against its schema, throws
 * {@link truncatedOutputError}; a whole one is delivered with finish reason
 * `length`, as `stream()` does. A native structured answer cut there always
 * throws (its JSON cannot be whole).
 */
export function mapAnthropicResponse(
  message: AnthropicMessage,
  context: AnthropicResponseContext,
): ChatResult {
  const content: AssistantContentPart[] = [];
  const toolCalls: ToolCallPart[] = [];
  let text = '';
  let usedStructuredTool = false;
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text });
        text += block.text;
        break;
      case 'thinking':
        content.push({
          type: 'reasoning',
          text: block.thinking,
          signature: block.signature,
          provider: context.provider,
        });
        break;
      case 'redacted_thinking':
        content.push({
          type: 'reasoning',
          text: '',
          redactedData: block.data,
          provider: context.provider,
        });
        break;
      case 'tool_use': {
        if (block.name === context.structuredToolName) {
          usedStructuredTool = true;
          const json = inputText(block.input ?? {}, context);
          content.push({ type: 'text', text: json });
          text += json;
          break;
        }
        const call: ToolCallPart = {
          type: 'tool-call',
          toolCallId: block.id,
          toolName: block.name,
          input: block.input ?? {},
        };
        content.push(call);
        toolCalls.push(call);
        break;
      }
      case 'other':
        break;
      default:
        block satisfies never;
    }
  }

  const finishReason = mapAnthropicStopReason(message.stop_reason, {
    structuredOutputTool: usedStructuredTool,
  });
  if (finishReason.unified === 'length') {
    const stopReason = message.stop_reason ?? undefined;
    for (const block of message.content) {
      if (block.type !== 'tool_use') continue;
      const input = block.input ?? {};
      if (isToolInputComplete(input, anthropicToolSchema(context.tools, block.name))) continue;
      const structured = block.name === context.structuredToolName;
      throw truncatedOutputError(context, {
        toolName: structured ? undefined : block.name,
        text: inputText(input, context),
        stopReason,
      });
    }
    if (context.structuredOutput === 'native') {
      throw truncatedOutputError(context, { text, stopReason });
    }
  }

  const providerMetadata = anthropicMetadata({
    stopSequence: message.stop_sequence,
    stopDetails: message.stop_details,
    structuredOutput: context.structuredOutput,
  });
  return {
    content,
    text,
    toolCalls,
    finishReason,
    usage: mapAnthropicUsage(message.usage),
    response: { id: message.id, modelId: message.model, headers: context.headers },
    warnings: context.warnings,
    ...(providerMetadata === undefined ? {} : { providerMetadata }),
  };
}
