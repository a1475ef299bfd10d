import {
  StructuredOutputError,
  type AssistantContentPart,
  type ChatResult,
  type ChatWarning,
  type ProviderMetadata,
  type ToolCallPart,
} from '@org/llm-core';
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
}

/**
 * The typed error for output that `max_tokens` cut off: a structured answer
 * or a tool call whose JSON is incomplete. Raised instead of handing on JSON
 * that cannot parse.
 */
export function truncatedOutputError(
  context: Pick<AnthropicResponseContext, 'provider' | 'modelId'>,
  what: {
    readonly toolName?: string | undefined;
    readonly text: string;
    readonly maxTokens?: number | undefined;
  },
): StructuredOutputError {
  const subject =
    what.toolName === undefined
      ? 'the structured answer'
      : `the input of its call to tool '${what.toolName}'`;
  return new StructuredOutputError(
    `${context.provider}:${context.modelId} reached max_tokens before ${subject} was complete JSON; raise maxOutputTokens and try again.`,
    {
      provider: context.provider,
      modelId: context.modelId,
      text: what.text,
      issues: [
        {
          path: what.toolName === undefined ? '' : `toolCalls.${what.toolName}`,
          message: 'output truncated by max_tokens',
        },
      ],
    },
  );
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
 * Maps a non-streamed Messages response to a `ChatResult`: text, thinking
 * (with its signature; redacted thinking as opaque `redactedData`) and tool
 * calls in order; server-tool blocks are skipped. In `tool` structured-output
 * mode the forced tool's input becomes the text. Output cut by `max_tokens`
 * in the middle of a tool call or a structured answer throws
 * {@link truncatedOutputError}.
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
          const json = JSON.stringify(block.input ?? {});
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

  if (message.stop_reason === 'max_tokens') {
    const last = message.content.at(-1);
    if (last?.type === 'tool_use') {
      const structured = last.name === context.structuredToolName;
      throw truncatedOutputError(context, {
        toolName: structured ? undefined : last.name,
        text: JSON.stringify(last.input ?? {}),
      });
    }
    if (context.structuredOutput === 'native') throw truncatedOutputError(context, { text });
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
    finishReason: mapAnthropicStopReason(message.stop_reason, {
      structuredOutputTool: usedStructuredTool,
    }),
    usage: mapAnthropicUsage(message.usage),
    response: { id: message.id, modelId: message.model, headers: context.headers },
    warnings: context.warnings,
    ...(providerMetadata === undefined ? {} : { providerMetadata }),
  };
}
