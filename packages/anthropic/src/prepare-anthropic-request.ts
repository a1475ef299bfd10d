import {
  InvalidRequestError,
  toolNamePattern,
  type ChatRequest,
  type ChatWarning,
  type ReasoningSettings,
} from '@org/llm-core';
import type {
  AnthropicRequestBody,
  AnthropicThinkingParam,
  AnthropicToolParam,
} from './anthropic-api.ts';
import type { AnthropicApiVersionFeatures } from './anthropic-api-version.ts';
import type { AnthropicEffort, AnthropicModelSpec } from './anthropic-model-catalog.ts';
import {
  anthropicOptionKeys,
  readAnthropicOptions,
  type OptionsContext,
} from './anthropic-provider-options.ts';
import { AnthropicToolCallIds } from './anthropic-tool-call-ids.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

/** How a structured answer reaches the model: `output_config.format`, or a forced tool. */
export type AnthropicStructuredOutputMode = 'native' | 'tool';

/** What the request mapping needs to know. */
export interface AnthropicRequestSettings extends OptionsContext {
  /** What the model can do. */
  readonly spec: AnthropicModelSpec;
  /** Whether `spec` comes from the catalog or the caller (limits are then enforced), not the unknown-model defaults. */
  readonly specKnown: boolean;
  /** What the configured API version accepts. */
  readonly version: AnthropicApiVersionFeatures;
}

/** A body ready for the SDK, and everything the response mapping needs to know about it. */
export interface PreparedAnthropicRequest {
  /** The Messages body (without `stream`). */
  readonly body: AnthropicRequestBody;
  /** Settings that could not be honoured exactly. */
  readonly warnings: ChatWarning[];
  /** The tool-call ids as sent, with the way back. */
  readonly ids: AnthropicToolCallIds;
  /** How a structured answer was requested, if one was. */
  readonly structuredOutput: AnthropicStructuredOutputMode | undefined;
  /** Name of the forced tool whose input is the structured answer (`tool` mode). */
  readonly structuredToolName: string | undefined;
  /** `anthropic-beta` values to send. */
  readonly betas: readonly string[] | undefined;
}

/** Fewest thinking tokens Anthropic accepts. */
const minThinkingBudget = 1024;
/**
 * Budgets used when a model takes a token budget but the request gave an
 * effort (keyed by text: core's effort scale may grow).
 */
const budgetForEffort: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16_384,
  xhigh: 32_768,
  max: 65_536,
};
const effortOrder: readonly AnthropicEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
/** Body fields the adapter owns; `providerOptions.anthropic` cannot replace them. */
const reservedFields = new Set(['model', 'messages', 'stream']);
const samplingFields = new Set(['temperature', 'top_p', 'top_k']);

function unsupported(setting: string, details: string): ChatWarning {
  return { type: 'unsupported-setting', setting, details };
}

function invalid(path: string, message: string, context: OptionsContext): InvalidRequestError {
  return new InvalidRequestError(`Invalid chat request: ${path}: ${message}`, {
    provider: context.provider,
    modelId: context.modelId,
    issues: [{ path, message }],
  });
}

/** Why sampling fields cannot be sent, or `undefined` when they can. */
function samplingBlocker(
  settings: AnthropicRequestSettings,
  thinking: boolean,
): string | undefined {
  if (!settings.version.samplingParameters) {
    return `not sent: Anthropic API version ${settings.version.version} removed the sampling parameters (set apiVersion: '2023-06-01' to send them)`;
  }
  if (!settings.spec.samplingParameters) {
    return `not sent: '${settings.modelId}' rejects non-default sampling parameters`;
  }
  if (thinking)
    return 'not sent: Anthropic takes only the default sampling parameters while thinking';
  return undefined;
}

function structuredToolName(name: string | undefined, taken: ReadonlySet<string>): string {
  let candidate = name !== undefined && toolNamePattern.test(name) ? name : 'json';
  while (taken.has(candidate)) candidate = `${candidate}_output`.slice(-64);
  return candidate;
}

/** Anthropic's level for a neutral effort: the same word, `minimal` as `low`; `undefined` for one it lacks. */
function anthropicEffortOf(effort: string): AnthropicEffort | undefined {
  if (effort === 'minimal') return 'low';
  return effortOrder.find((level) => level === effort);
}

/** The effort to send for a requested one, clamped to the model's levels; warns when it differs. */
function mapEffort(
  effort: string,
  levels: readonly AnthropicEffort[] | undefined,
  settings: AnthropicRequestSettings,
  warnings: ChatWarning[],
): AnthropicEffort | undefined {
  const wanted = anthropicEffortOf(effort);
  let sent = wanted;
  if (wanted !== undefined && levels !== undefined && !levels.includes(wanted)) {
    // The highest level the model takes that is not above the one asked for.
    sent = undefined;
    for (const level of effortOrder) {
      if (effortOrder.indexOf(level) > effortOrder.indexOf(wanted)) break;
      if (levels.includes(level)) sent = level;
    }
    sent ??= levels[0];
  }
  if (sent !== effort) {
    warnings.push(
      unsupported(
        'reasoning.effort',
        sent === undefined
          ? `not sent: '${settings.modelId}' takes no effort level '${effort}'`
          : `sent as '${sent}': '${settings.modelId}' takes ${levels === undefined ? "Anthropic's levels (low to max)" : levels.join(', ')}`,
      ),
    );
  }
  return sent;
}

interface ReasoningOut {
  readonly thinking: AnthropicThinkingParam | undefined;
  readonly effort: AnthropicEffort | undefined;
}

/**
 * Maps `reasoning` by the model's thinking mode: a budget becomes
 * `thinking.budget_tokens` where the model takes one, an effort becomes
 * `output_config.effort` where it takes one; adaptive models think with
 * `thinking: { type: 'adaptive' }` whenever reasoning is asked for.
 */
function mapReasoning(
  reasoning: ReasoningSettings | undefined,
  settings: AnthropicRequestSettings,
  maxTokens: number,
  warnings: ChatWarning[],
): ReasoningOut {
  if (
    reasoning === undefined ||
    (reasoning.effort === undefined && reasoning.budgetTokens === undefined)
  ) {
    return { thinking: undefined, effort: undefined };
  }
  const { spec } = settings;
  const budget = reasoning.budgetTokens;
  // Text, not the enum: core's effort scale may hold levels this adapter does not know yet.
  const requestedEffort: string | undefined = reasoning.effort;
  if (requestedEffort === 'none') {
    // No reasoning: send no thinking settings at all.
    if (budget !== undefined) {
      warnings.push(unsupported('reasoning.budgetTokens', "not sent: reasoning.effort is 'none'"));
    }
    if (spec.thinking === 'adaptive') {
      warnings.push(
        unsupported(
          'reasoning.effort',
          `not sent: Anthropic has no 'none' effort, so '${settings.modelId}' thinks as it does by default; where the model allows it, set providerOptions.anthropic.thinking to { type: 'disabled' }`,
        ),
      );
    }
    return { thinking: undefined, effort: undefined };
  }
  if (budget !== undefined && spec.thinking !== 'adaptive') {
    if (budget < minThinkingBudget) {
      throw invalid(
        'reasoning.budgetTokens',
        `must be at least ${minThinkingBudget} for Anthropic, got ${budget}`,
        settings,
      );
    }
    if (budget >= maxTokens) {
      throw invalid(
        'reasoning.budgetTokens',
        `must be less than maxOutputTokens (${maxTokens}), got ${budget}: thinking tokens count toward the output limit`,
        settings,
      );
    }
  }
  const effortLevels = spec.effortLevels;
  let effort: AnthropicEffort | undefined;
  let thinking: AnthropicThinkingParam | undefined;
  switch (spec.thinking) {
    case undefined:
    case 'manual':
      if (budget !== undefined) thinking = { type: 'enabled', budget_tokens: budget };
      if (requestedEffort !== undefined) {
        if (effortLevels === undefined || effortLevels.length > 0) {
          effort = mapEffort(requestedEffort, effortLevels, settings, warnings);
        } else if (budget === undefined) {
          // The model takes a budget, not an effort: think with a budget that fits the effort.
          const derived = Math.min(budgetForEffort[requestedEffort] ?? 16_384, maxTokens - 1);
          if (derived >= minThinkingBudget) {
            thinking = { type: 'enabled', budget_tokens: derived };
            warnings.push(
              unsupported(
                'reasoning.effort',
                `sent as thinking.budget_tokens ${derived}: '${settings.modelId}' takes a thinking budget, not an effort`,
              ),
            );
          } else {
            warnings.push(
              unsupported(
                'reasoning.effort',
                `not sent: maxOutputTokens ${maxTokens} leaves no room for thinking`,
              ),
            );
          }
        } else {
          warnings.push(
            unsupported(
              'reasoning.effort',
              `not sent: '${settings.modelId}' takes a thinking budget only`,
            ),
          );
        }
      }
      break;
    case 'adaptive':
      thinking = { type: 'adaptive' };
      if (budget !== undefined) {
        warnings.push(
          unsupported(
            'reasoning.budgetTokens',
            `not sent: '${settings.modelId}' thinks adaptively and takes no token budget; use reasoning.effort`,
          ),
        );
      }
      if (requestedEffort !== undefined) {
        effort = mapEffort(requestedEffort, effortLevels, settings, warnings);
      }
      break;
    case 'adaptive-or-manual':
      thinking =
        budget === undefined ? { type: 'adaptive' } : { type: 'enabled', budget_tokens: budget };
      if (requestedEffort !== undefined) {
        effort = mapEffort(requestedEffort, effortLevels, settings, warnings);
      }
      break;
    default:
      spec.thinking satisfies never;
  }
  return { thinking, effort };
}

/**
 * Maps a neutral request to a Messages body. Every setting is either sent or
 * reported as a warning:
 *
 * - `messages` and `system`: see `convertToAnthropicMessages`;
 * - `maxOutputTokens` → `max_tokens` (required by Anthropic): by default the
 *   model's output limit from the catalog, and capped there, with a warning;
 * - `temperature` (0 to 1 on Anthropic, checked before the call), `topP`:
 *   sent only where the API version and the model take them and thinking is
 *   off, never both (Anthropic rejects the pair: temperature wins); otherwise
 *   a warning;
 * - `stop` → `stop_sequences` (each must contain more than whitespace);
 *   `seed` is not supported (warning);
 * - `reasoning`: see {@link mapReasoning};
 * - `tools`, `toolChoice`, `parallelToolCalls`: see `prepareAnthropicTools`;
 * - `responseFormat` json-schema → `output_config.format` (`native`) or a
 *   forced tool (`tool`), by the model's capabilities or
 *   `providerOptions.anthropic.structuredOutput`; json → a forced tool
 *   taking any object;
 * - `providerOptions.anthropic`: `cacheControl` → top-level `cache_control`,
 *   `betas` → the `anthropic-beta` header; every other key is a body field
 *   copied as is (`output_config` merged, `tools` appended as server tools,
 *   `temperature`/`top_p`/`top_k` checked like the settings), except
 *   `model`, `messages` and `stream`.
 */
export function prepareAnthropicRequest(
  request: ChatRequest,
  settings: AnthropicRequestSettings,
): PreparedAnthropicRequest {
  const { spec, modelId } = settings;
  const options = readAnthropicOptions(request.providerOptions, '', settings);
  const ids = new AnthropicToolCallIds();
  const prompt = convertToAnthropicMessages(request.system, request.messages, { ...settings, ids });
  const warnings: ChatWarning[] = [...prompt.warnings];

  let maxTokens = request.maxOutputTokens ?? spec.maxOutputTokens;
  if (settings.specKnown && maxTokens > spec.maxOutputTokens) {
    warnings.push(
      unsupported(
        'maxOutputTokens',
        `capped at ${spec.maxOutputTokens}, the most '${modelId}' generates per response`,
      ),
    );
    maxTokens = spec.maxOutputTokens;
  }

  // Structured output.
  const format = request.responseFormat;
  let structuredOutput: AnthropicStructuredOutputMode | undefined;
  let forcedTool: AnthropicToolParam | undefined;
  let outputFormat: Record<string, unknown> | undefined;
  if (format !== undefined && format.type !== 'text') {
    const schema = format.type === 'json-schema' ? format.schema : { type: 'object' };
    structuredOutput =
      options?.structuredOutput ??
      (format.type === 'json-schema' && spec.structuredOutput ? 'native' : 'tool');
    if (structuredOutput === 'native') {
      outputFormat = { type: 'json_schema', schema };
    } else {
      const taken = new Set(request.tools?.map((tool) => tool.name));
      forcedTool = {
        name: structuredToolName(format.type === 'json-schema' ? format.name : undefined, taken),
        description:
          (format.type === 'json-schema' ? format.description : undefined) ??
          'Give your answer as the input of this tool.',
        input_schema: schema,
      };
    }
  }

  const tools = prepareAnthropicTools(request, {
    ...settings,
    strictTools: spec.structuredOutput,
    forcedTool,
  });
  warnings.push(...tools.warnings);

  let reasoning = mapReasoning(request.reasoning, settings, maxTokens, warnings);
  const forcesTool = tools.toolChoice?.type === 'any' || tools.toolChoice?.type === 'tool';
  if (reasoning.thinking !== undefined && reasoning.thinking.type !== 'disabled' && forcesTool) {
    warnings.push(
      unsupported(
        'reasoning',
        'thinking not enabled: Anthropic does not think while a tool choice forces a tool call',
      ),
    );
    reasoning = { thinking: undefined, effort: reasoning.effort };
  }

  const body: AnthropicRequestBody = {
    model: modelId,
    max_tokens: maxTokens,
    messages: prompt.messages,
  };
  if (prompt.system !== undefined) body.system = prompt.system;
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;

  if (request.stop !== undefined && request.stop.length > 0) {
    request.stop.forEach((sequence, index) => {
      if (sequence.trim() === '') {
        throw invalid(
          `stop[${index}]`,
          'Anthropic rejects stop sequences that are only whitespace',
          settings,
        );
      }
    });
    body.stop_sequences = [...request.stop];
  }
  if (request.seed !== undefined)
    warnings.push(unsupported('seed', 'not sent: Anthropic has no sampling seed'));

  if (reasoning.thinking !== undefined) body.thinking = reasoning.thinking;
  const thinking = reasoning.thinking !== undefined && reasoning.thinking.type !== 'disabled';

  // Sampling: checked against Anthropic's range first, whatever happens next.
  if (
    settings.version.samplingParameters &&
    request.temperature !== undefined &&
    request.temperature > 1
  ) {
    throw invalid(
      'temperature',
      `must be between 0 and 1 for Anthropic, got ${request.temperature}`,
      settings,
    );
  }
  const blocker = samplingBlocker(settings, thinking);
  if (request.temperature !== undefined) {
    if (blocker === undefined) body.temperature = request.temperature;
    else warnings.push(unsupported('temperature', blocker));
  }
  if (request.topP !== undefined) {
    if (blocker !== undefined) warnings.push(unsupported('topP', blocker));
    else if (body.temperature !== undefined) {
      warnings.push(
        unsupported(
          'topP',
          'not sent: Anthropic rejects temperature and top_p together; temperature was sent',
        ),
      );
    } else body.top_p = request.topP;
  }

  const outputConfig: Record<string, unknown> = {};
  if (reasoning.effort !== undefined) outputConfig.effort = reasoning.effort;
  if (outputFormat !== undefined) outputConfig.format = outputFormat;

  if (options?.cacheControl !== undefined) body.cache_control = options.cacheControl;
  const passThrough = request.providerOptions?.anthropic;
  if (passThrough !== undefined) {
    for (const [field, value] of Object.entries(passThrough)) {
      if (anthropicOptionKeys.has(field)) continue;
      const setting = `providerOptions.anthropic.${field}`;
      if (reservedFields.has(field)) {
        warnings.push(unsupported(setting, 'not sent: the adapter sets this field itself'));
      } else if (samplingFields.has(field)) {
        if (blocker === undefined) body[field] = value;
        else warnings.push(unsupported(setting, blocker));
      } else if (field === 'output_config' && typeof value === 'object' && value !== null) {
        Object.assign(outputConfig, value);
      } else if (field === 'tools' && Array.isArray(value)) {
        // Server tools (web search, code execution...) join the function tools.
        body.tools = [...(body.tools ?? []), ...(value as unknown[])];
      } else {
        body[field] = value;
      }
    }
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;

  return {
    body,
    warnings,
    ids,
    structuredOutput,
    structuredToolName: forcedTool?.name,
    betas: options?.betas,
  };
}
