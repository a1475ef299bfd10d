import type { ChatRequest, ChatWarning } from '@org/llm-core';
import type { AnthropicToolChoiceParam, AnthropicToolParam } from './anthropic-api.ts';
import { readCacheControl, type OptionsContext } from './anthropic-provider-options.ts';

/** Tools and tool choice ready for the body, and what could not be honoured. */
export interface PreparedAnthropicTools {
  /** `tools`, or `undefined` when there are none. */
  readonly tools: AnthropicToolParam[] | undefined;
  /** `tool_choice`, or `undefined` for Anthropic's default (`auto`, parallel calls allowed). */
  readonly toolChoice: AnthropicToolChoiceParam | undefined;
  /** Settings that could not be honoured exactly. */
  readonly warnings: ChatWarning[];
}

/** What {@link prepareAnthropicTools} needs besides the request. */
export interface ToolSettings extends OptionsContext {
  /** The model enforces tool schemas (`strict`). */
  readonly strictTools: boolean;
  /** A tool the model must call whose input is the structured answer (the `tool` structured-output mode). */
  readonly forcedTool?: AnthropicToolParam | undefined;
}

/**
 * Maps tools and tool choice:
 *
 * - each tool becomes `{ name, description, input_schema }`, with `strict`
 *   where the model enforces schemas (else a warning) and `cache_control`
 *   from `providerOptions.anthropic.cacheControl`;
 * - `toolChoice` `auto` → `auto`, `required` → `any`, a named tool → `tool`,
 *   `none` → `none`;
 * - `parallelToolCalls: false` → `disable_parallel_tool_use: true` (on an
 *   `auto` choice when none was given);
 * - a forced structured-output tool is added last and chosen with `tool`; a
 *   tool choice of the request then gives way, with a warning.
 */
export function prepareAnthropicTools(
  request: Pick<ChatRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>,
  settings: ToolSettings,
): PreparedAnthropicTools {
  const warnings: ChatWarning[] = [];
  const tools: AnthropicToolParam[] = [];
  request.tools?.forEach((tool, index) => {
    const out: AnthropicToolParam = {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.inputSchema,
    };
    if (tool.strict === true) {
      if (settings.strictTools) out.strict = true;
      else {
        warnings.push({
          type: 'unsupported-setting',
          setting: `tools[${index}].strict`,
          details: `not sent: '${settings.modelId}' is not known to enforce tool schemas (set structuredOutput in its model spec if it does)`,
        });
      }
    }
    const cacheControl = readCacheControl(tool.providerOptions, `tools[${index}]`, settings);
    if (cacheControl !== undefined) out.cache_control = cacheControl;
    tools.push(out);
  });

  const forced = settings.forcedTool;
  if (forced !== undefined) {
    tools.push(forced);
    if (request.toolChoice !== undefined && request.toolChoice !== 'auto') {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'toolChoice',
        details: `replaced by the forced '${forced.name}' tool that carries the structured answer`,
      });
    }
    return { tools, toolChoice: { type: 'tool', name: forced.name }, warnings };
  }
  if (tools.length === 0) return { tools: undefined, toolChoice: undefined, warnings };

  const disableParallel =
    request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  let toolChoice: AnthropicToolChoiceParam | undefined;
  if (choice === undefined) {
    toolChoice =
      request.parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined;
  } else if (choice === 'auto') {
    toolChoice = { type: 'auto', ...disableParallel };
  } else if (choice === 'none') {
    toolChoice = { type: 'none' };
  } else if (choice === 'required') {
    toolChoice = { type: 'any', ...disableParallel };
  } else {
    toolChoice = { type: 'tool', name: choice.toolName, ...disableParallel };
  }
  return { tools, toolChoice, warnings };
}
