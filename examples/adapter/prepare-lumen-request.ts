// docs/guides/writing-an-adapter.md, "From a ChatRequest to the wire".
import {
  UnsupportedFeatureError,
  type ChatMessage,
  type ChatRequest,
  type ChatWarning,
} from '@org/llm-core';
import type { LumenRequestBody } from './lumen-api.ts';

/** Who the request is for, for the errors' fields. */
export interface LumenRequestContext {
  readonly provider: string;
  readonly modelId: string;
}

/**
 * The body Lumen gets for `request`, and a warning for each setting it
 * cannot take. Lumen reads text only: content it cannot take (an image, a
 * tool call in the history) fails the call, since dropping it would change
 * what the model is asked; a setting it cannot take is left out and
 * reported.
 */
export function prepareLumenRequest(
  request: ChatRequest,
  context: LumenRequestContext,
  stream: boolean,
): { body: LumenRequestBody; warnings: ChatWarning[] } {
  const warnings: ChatWarning[] = [];
  const unsupported = (setting: string, details: string): void => {
    warnings.push({ type: 'unsupported-setting', setting, details });
  };
  if (request.topP !== undefined) unsupported('topP', 'Lumen has no nucleus sampling; not sent.');
  if (request.stop !== undefined) unsupported('stop', 'Lumen has no stop sequences; not sent.');
  if (request.seed !== undefined) unsupported('seed', 'Lumen has no seed; not sent.');
  if (request.reasoning !== undefined) unsupported('reasoning', 'Lumen models do not reason.');
  if (request.responseFormat !== undefined && request.responseFormat.type !== 'text') {
    unsupported('responseFormat', 'Lumen has no JSON mode; the answer is plain text.');
  }
  if (request.toolChoice !== undefined) unsupported('toolChoice', 'Lumen has no tools.');
  for (const tool of request.tools ?? []) {
    warnings.push({
      type: 'unsupported-tool',
      toolName: tool.name,
      details: 'Lumen has no tools.',
    });
  }

  const system = [request.system, ...request.messages.map(systemText)].filter(
    (text) => text !== undefined,
  );
  const messages = request.messages
    .filter((message) => message.role !== 'system')
    .map((message) => toLumenMessage(message, context));
  return {
    body: {
      model: context.modelId,
      system: system.length === 0 ? undefined : system.join('\n\n'),
      messages,
      max_tokens: request.maxOutputTokens,
      temperature: request.temperature,
      stream,
    },
    warnings,
  };
}

function systemText(message: ChatMessage): string | undefined {
  return message.role === 'system' ? message.content : undefined;
}

function toLumenMessage(
  message: Exclude<ChatMessage, { role: 'system' }>,
  context: LumenRequestContext,
): LumenRequestBody['messages'][number] {
  if (message.role === 'tool') throw notText('tool results', context);
  if (typeof message.content === 'string') return { role: message.role, text: message.content };
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') texts.push(part.text);
    // Reasoning is the model's own scratch work; Lumen has none to send back.
    else if (part.type !== 'reasoning') throw notText(`${part.type} parts`, context);
  }
  return { role: message.role, text: texts.join('') };
}

function notText(what: string, context: LumenRequestContext): UnsupportedFeatureError {
  return new UnsupportedFeatureError(
    `${context.provider} '${context.modelId}' reads text only and cannot take ${what}; remove them from the messages or use another model.`,
    { ...context, feature: what },
  );
}
