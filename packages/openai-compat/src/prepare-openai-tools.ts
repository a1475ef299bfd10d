import type { ChatRequest, ChatWarning, JsonSchema } from '@org/llm-core';

/** A function tool of a Chat Completions request. */
export interface OpenAIFunctionTool {
  /** Always `function`. */
  readonly type: 'function';
  /** The tool's name, description, JSON Schema of its input and Structured Outputs flag. */
  readonly function: {
    readonly name: string;
    readonly description?: string;
    readonly parameters: JsonSchema;
    readonly strict?: boolean;
  };
}

/** `tool_choice` of a Chat Completions request. */
export type OpenAIToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { readonly type: 'function'; readonly function: { readonly name: string } };

/** The tool fields of a request body, and what could not be sent. */
export interface PreparedOpenAITools {
  /** The `tools` field; absent without tools. */
  readonly tools?: OpenAIFunctionTool[];
  /** The `tool_choice` field; absent when the request sets none. */
  readonly tool_choice?: OpenAIToolChoice;
  /** The `parallel_tool_calls` field; absent when the request sets none. */
  readonly parallel_tool_calls?: boolean;
  /** Settings that could not be sent. */
  readonly warnings: ChatWarning[];
}

/**
 * Maps `tools`, `toolChoice` and `parallelToolCalls` to `tools` (function
 * tools, with `strict` when the tool sets it), `tool_choice` and
 * `parallel_tool_calls`. Without tools, `parallelToolCalls` is dropped with a
 * warning: OpenAI rejects `parallel_tool_calls` when no tools are sent.
 */
export function prepareOpenAITools(
  request: Pick<ChatRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>,
): PreparedOpenAITools {
  const warnings: ChatWarning[] = [];
  const tools = request.tools;
  if (tools === undefined || tools.length === 0) {
    if (request.parallelToolCalls !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'parallelToolCalls',
        details:
          'not sent: the request has no tools, and OpenAI rejects parallel_tool_calls without tools',
      });
    }
    // toolChoice 'none'/'auto' without tools means what sending nothing means.
    return { warnings };
  }
  const choice = request.toolChoice;
  return {
    tools: tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.inputSchema,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    })),
    ...(choice === undefined
      ? {}
      : {
          tool_choice:
            typeof choice === 'string'
              ? choice
              : { type: 'function', function: { name: choice.toolName } },
        }),
    ...(request.parallelToolCalls === undefined
      ? {}
      : { parallel_tool_calls: request.parallelToolCalls }),
    warnings,
  };
}
