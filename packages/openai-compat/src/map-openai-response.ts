import {
  ResponseValidationError,
  type AssistantContentPart,
  type ChatResult,
  type ChatWarning,
  type ProviderMetadata,
  type ToolCallPart,
  type ToolDefinition,
} from '@org/llm-core';
import {
  classifyErrorPayload,
  cutToolCallError,
  formatPath,
  isToolInputComplete,
} from '@org/llm-core/adapter-kit';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import { isOpenAIChatResponse } from './is-openai-chat-response.ts';
import type { OpenAIChatResponse } from './openai-chat-api.ts';
import { parseOpenAIToolArguments } from './parse-openai-tool-arguments.ts';

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === '' ? undefined : value;
}

/**
 * Checks a body the fast path did not accept with the schema, which decides
 * and names the field. The schema (and zod) is loaded here, on first need:
 * a well-formed answer never loads it.
 */
async function parseResponse(
  body: unknown,
  provider: string,
  modelId: string,
): Promise<OpenAIChatResponse> {
  const { openAIChatResponseSchema } = await import('./openai-chat-api.ts');
  const parsed = openAIChatResponseSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = formatPath(issue.path);
  throw new ResponseValidationError(
    `${provider} answered '${modelId}' with an unexpected body: ${path === '' ? 'the body' : path}: ${issue.message}.`,
    { provider, modelId, cause: parsed.error },
  );
}

/** What the mapper needs to know about the call. */
export interface OpenAIResponseContext {
  /** Provider id; also the `providerMetadata` namespace. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Settings the request could not honour. */
  readonly warnings: readonly ChatWarning[];
  /** Exact secrets to scrub from error messages. */
  readonly secrets: readonly string[];
  /**
   * The request's tools: their input schemas judge a tool call when the
   * output limit stopped the answer (see {@link mapOpenAIResponse}).
   */
  readonly tools?: readonly ToolDefinition[] | undefined;
}

/** The input schema of the tool named `name`, if the request declared it. */
export function openAIToolSchema(
  tools: readonly ToolDefinition[] | undefined,
  name: string,
): unknown {
  return tools?.find((tool) => tool.name === name)?.inputSchema;
}

/**
 * Maps the JSON body of a non-streamed Chat Completions answer to a
 * {@link ChatResult}: choice 0's reasoning (compatible servers), text and
 * tool calls, in that order; usage; the finish reason; id, model and headers;
 * `systemFingerprint`, `serviceTier`, `refusal` and `logprobs` in
 * `providerMetadata[provider]`. A refusal is not text: the finish reason is
 * `content-filter` and the refusal text is in the metadata.
 *
 * When the output limit stopped the answer (finish reason `length`), a tool
 * call whose arguments are not whole (core's `isToolInputComplete`: a JSON
 * object with every property its schema requires) throws core's
 * `cutToolCallError`, a `StructuredOutputError` holding the partial
 * arguments, instead of being delivered; whole calls are delivered as usual.
 * `OpenAIStreamMapper` applies the same rule.
 *
 * Rejects with the classified error when the body is an error envelope sent
 * with status 200 (some compatible servers do), and a `ResponseValidationError`
 * naming the field when the body does not have the expected shape. A
 * well-formed answer is checked by hand (`isOpenAIChatResponse`); anything
 * else goes to the zod schema, loaded on first need, which is why this is
 * async.
 */
export async function mapOpenAIResponse(
  body: unknown,
  context: OpenAIResponseContext,
): Promise<ChatResult> {
  const { provider, modelId } = context;
  const envelope = body as { error?: unknown; choices?: unknown } | null;
  if (
    typeof envelope?.error === 'object' &&
    envelope.error !== null &&
    envelope.choices === undefined
  ) {
    throw classifyErrorPayload(body, context.headers, {
      provider,
      modelId,
      secrets: context.secrets,
    });
  }
  const response = isOpenAIChatResponse(body) ? body : await parseResponse(body, provider, modelId);
  const choice =
    response.choices.find((candidate) => (candidate.index ?? 0) === 0) ?? response.choices[0];
  if (choice === undefined) {
    throw new ResponseValidationError(
      `${provider} answered '${modelId}' with no choices: 'choices' is empty.`,
      {
        provider,
        modelId,
      },
    );
  }
  const message = choice.message;
  const content: AssistantContentPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') {
    content.push({ type: 'reasoning', text: reasoning, provider });
  }
  const text = message.content ?? '';
  if (text !== '') content.push({ type: 'text', text });
  const toolCalls: ToolCallPart[] = [];
  for (const call of message.tool_calls ?? []) {
    const part: ToolCallPart = {
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      input: parseOpenAIToolArguments(call.function.arguments),
    };
    toolCalls.push(part);
    content.push(part);
  }
  const refusal = message.refusal ?? undefined;
  const finishReason = mapOpenAIFinishReason(choice.finish_reason ?? undefined, {
    refused: refusal !== undefined && refusal !== '',
    hasToolCalls: toolCalls.length > 0,
  });
  if (finishReason.unified === 'length') {
    message.tool_calls?.forEach((call, index) => {
      const part = toolCalls[index]!;
      if (isToolInputComplete(part.input, openAIToolSchema(context.tools, part.toolName))) return;
      throw cutToolCallError(context, {
        toolName: part.toolName,
        text: call.function.arguments ?? '',
        limit: `finish_reason '${finishReason.raw ?? ''}'`,
      });
    });
  }
  const metadata: Record<string, unknown> = {};
  if (typeof response.system_fingerprint === 'string')
    metadata.systemFingerprint = response.system_fingerprint;
  if (typeof response.service_tier === 'string') metadata.serviceTier = response.service_tier;
  if (refusal !== undefined && refusal !== '') metadata.refusal = refusal;
  const logprobs = (choice.logprobs as { content?: unknown } | null | undefined)?.content;
  if (Array.isArray(logprobs)) metadata.logprobs = logprobs;
  const providerMetadata: ProviderMetadata | undefined =
    Object.keys(metadata).length === 0 ? undefined : { [provider]: metadata };
  return {
    content,
    text,
    toolCalls,
    finishReason,
    usage: mapOpenAIUsage(response.usage),
    response: {
      id: nonEmpty(response.id),
      modelId: nonEmpty(response.model),
      headers: context.headers,
    },
    warnings: context.warnings,
    ...(providerMetadata === undefined ? {} : { providerMetadata }),
  };
}
