// Test helper for core's own tests (not exported): a ChatModel that answers
// from a queue of results. The richer MockChatModel lives in @org/llm-testkit,
// which depends on core and so cannot be used here.
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import type { ModelCapabilities } from '../spec/model-capabilities.ts';
import { createUsage } from '../spec/usage.ts';
import type { ToolCallPart } from '../messages/content-parts.ts';
import { ChatStream } from '../stream/chat-stream.ts';

export interface ScriptedModel extends ChatModel {
  readonly requests: ChatRequest[];
}

export function textResult(text: string, usage = { inputTokens: 5, outputTokens: 3 }): ChatResult {
  return {
    content: text === '' ? [] : [{ type: 'text', text }],
    text,
    toolCalls: [],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: createUsage(usage),
    response: { id: 'resp', modelId: 'scripted' },
    warnings: [],
  };
}

export function toolCallResult(calls: readonly Omit<ToolCallPart, 'type'>[]): ChatResult {
  const toolCalls: ToolCallPart[] = calls.map((call) => ({ type: 'tool-call', ...call }));
  return {
    content: toolCalls,
    text: '',
    toolCalls,
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage: createUsage({ inputTokens: 7, outputTokens: 4 }),
    response: {},
    warnings: [],
  };
}

export function scriptedModel(
  answers: readonly (ChatResult | Error | ((request: ChatRequest) => ChatResult))[],
  capabilities: Partial<ModelCapabilities> = {},
): ScriptedModel {
  const queue = [...answers];
  const requests: ChatRequest[] = [];
  const next = (request: ChatRequest): ChatResult => {
    requests.push(request);
    const answer = queue.shift();
    if (answer === undefined)
      throw new Error(`scripted model: no answer left for call #${requests.length}`);
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(request) : answer;
  };
  return {
    specificationVersion: 'v1',
    provider: 'scripted',
    modelId: 'scripted-1',
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: false,
      jsonOutput: false,
      jsonSchemaOutput: false,
      reasoning: false,
      ...capabilities,
    },
    requests,
    generate: (request) => Promise.resolve().then(() => next(request)),
    stream: (request) =>
      Promise.resolve().then(() =>
        ChatStream.fromResult(next(request), {
          provider: 'scripted',
          modelId: 'scripted-1',
          abortSignal: request.abortSignal,
        }),
      ),
  };
}
