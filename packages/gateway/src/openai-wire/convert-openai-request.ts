import {
  InvalidRequestError,
  type AssistantMessage,
  type ChatMessage,
  type ChatRequest,
  type UserContentPart,
} from '@org/llm-core';
import { parseOpenAIToolArguments } from '@org/llm-openai-compat';
import type { OpenAIChatRequestBody, OpenAIInboundMessage } from './openai-request-schema.ts';

/** A Chat Completions request turned into the neutral request, with how to answer it. */
export interface ConvertedOpenAIRequest {
  /** The model name the client asked for. */
  readonly model: string;
  /** The neutral request (without `abortSignal`, which the route adds). */
  readonly request: ChatRequest;
  /** Whether to answer with an SSE stream. */
  readonly stream: boolean;
  /** Whether a streamed answer ends with a usage chunk (`stream_options.include_usage`). */
  readonly includeUsage: boolean;
}

function invalid(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(`Invalid '${param}': ${message}`, {
    status: 400,
    issues: [{ path: param, message }],
  });
}

function joinText(content: string | readonly { readonly text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function convertUser(
  message: Extract<OpenAIInboundMessage, { role: 'user' }>,
  index: number,
): ChatMessage {
  if (typeof message.content === 'string') return { role: 'user', content: message.content };
  const parts: UserContentPart[] = message.content.map((part, partIndex) => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text };
      case 'image_url': {
        const { url, detail } = part.image_url;
        return detail === undefined
          ? { type: 'image', url }
          : { type: 'image', url, providerOptions: { openai: { imageDetail: detail } } };
      }
      default:
        throw invalid(
          `messages[${index}].content[${partIndex}].type`,
          `'${part.type}' parts are not supported by this gateway; send text and image_url parts`,
        );
    }
  });
  return { role: 'user', content: parts };
}

function convertAssistant(
  message: Extract<OpenAIInboundMessage, { role: 'assistant' }>,
  toolNames: Map<string, string>,
): AssistantMessage {
  const text =
    message.content === undefined || message.content === null
      ? (message.refusal ?? '')
      : typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: text };
  const content: AssistantMessage['content'] = text === '' ? [] : [{ type: 'text', text }];
  for (const call of calls) {
    toolNames.set(call.id, call.function.name);
    content.push({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      input: parseOpenAIToolArguments(call.function.arguments),
    });
  }
  return { role: 'assistant', content };
}

/**
 * Converts the messages: leading `system` and `developer` messages become
 * the request's `system` (joined by blank lines), later ones stay system
 * messages in place; assistant `tool_calls` become tool-call parts (arguments
 * parsed from their JSON text); consecutive `tool` messages become one tool
 * message whose results carry the name of the call they answer.
 */
function convertMessages(messages: readonly OpenAIInboundMessage[]): {
  system: string | undefined;
  messages: ChatMessage[];
} {
  const systemParts: string[] = [];
  const out: ChatMessage[] = [];
  const toolNames = new Map<string, string>();
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        if (out.length === 0) systemParts.push(joinText(message.content));
        else out.push({ role: 'system', content: joinText(message.content) });
        break;
      case 'user':
        out.push(convertUser(message, index));
        break;
      case 'assistant':
        out.push(convertAssistant(message, toolNames));
        break;
      case 'tool': {
        const toolName = toolNames.get(message.tool_call_id);
        if (toolName === undefined) {
          throw invalid(
            `messages[${index}].tool_call_id`,
            `'${message.tool_call_id}' does not answer any tool call of an earlier assistant message`,
          );
        }
        const part = {
          type: 'tool-result' as const,
          toolCallId: message.tool_call_id,
          toolName,
          output: joinText(message.content),
        };
        const last = out.at(-1);
        if (last?.role === 'tool') last.content.push(part);
        else out.push({ role: 'tool', content: [part] });
        break;
      }
      default:
        message satisfies never;
    }
  });
  if (out.length === 0) {
    throw invalid('messages', 'must hold at least one message besides system messages');
  }
  return { system: systemParts.length === 0 ? undefined : systemParts.join('\n\n'), messages: out };
}

function convertResponseFormat(
  format: NonNullable<OpenAIChatRequestBody['response_format']>,
): ChatRequest['responseFormat'] {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, description, schema, strict } = format.json_schema;
      return {
        type: 'json-schema',
        name,
        schema: schema ?? {},
        ...(description === undefined ? {} : { description }),
        ...(strict === undefined || strict === null ? {} : { strict }),
      };
    }
  }
}

/**
 * Maps a checked Chat Completions body to the neutral request. Fields the
 * gateway cannot honour are refused with a 400 naming them: `n` above 1,
 * `logprobs`, and output modalities other than text.
 */
export function convertOpenAIRequest(body: OpenAIChatRequestBody): ConvertedOpenAIRequest {
  if (body.n !== undefined && body.n !== null && body.n > 1) {
    throw invalid('n', 'only one choice per request is supported (n = 1)');
  }
  if (body.logprobs === true) throw invalid('logprobs', 'log probabilities are not supported');
  if (body.modalities?.some((modality) => modality !== 'text') === true) {
    throw invalid('modalities', "only the 'text' output modality is supported");
  }
  const { system, messages } = convertMessages(body.messages);
  const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const stop = typeof body.stop === 'string' ? [body.stop] : (body.stop ?? undefined);
  const choice = body.tool_choice;
  const request: ChatRequest = {
    messages,
    ...(system === undefined ? {} : { system }),
    ...(body.tools === undefined || body.tools === null
      ? {}
      : {
          tools: body.tools.map(({ function: fn }) => ({
            name: fn.name,
            ...(fn.description === undefined ? {} : { description: fn.description }),
            inputSchema: fn.parameters ?? { type: 'object', properties: {} },
            ...(fn.strict === undefined || fn.strict === null ? {} : { strict: fn.strict }),
          })),
        }),
    ...(choice === undefined || choice === null
      ? {}
      : {
          toolChoice:
            typeof choice === 'string'
              ? choice
              : { type: 'tool' as const, toolName: choice.function.name },
        }),
    ...(body.parallel_tool_calls === undefined || body.parallel_tool_calls === null
      ? {}
      : { parallelToolCalls: body.parallel_tool_calls }),
    ...(body.response_format === undefined || body.response_format === null
      ? {}
      : { responseFormat: convertResponseFormat(body.response_format) }),
    ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
    ...(body.temperature === undefined || body.temperature === null
      ? {}
      : { temperature: body.temperature }),
    ...(body.top_p === undefined || body.top_p === null ? {} : { topP: body.top_p }),
    ...(stop === undefined || stop.length === 0 ? {} : { stop }),
    ...(body.seed === undefined || body.seed === null ? {} : { seed: body.seed }),
    ...(body.reasoning_effort === undefined || body.reasoning_effort === null
      ? {}
      : { reasoning: { effort: body.reasoning_effort } }),
    ...(body.user === undefined || body.user === null ? {} : { metadata: { user: body.user } }),
  };
  return {
    model: body.model,
    request,
    stream: body.stream === true,
    includeUsage: body.stream === true && body.stream_options?.include_usage === true,
  };
}
