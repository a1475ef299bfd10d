import type { ChatRequest, ChatWarning, ModelCapabilities } from '@org/llm-core';
import { convertToOpenAIMessages } from './convert-to-openai-messages.ts';
import { prepareOpenAITools } from './prepare-openai-tools.ts';

/** Which body field carries `maxOutputTokens`. */
export type MaxTokensParameter = 'max_completion_tokens' | 'max_tokens';

/** What the request mapping needs to know about the model. */
export interface OpenAIRequestSettings {
  /** Provider id; `providerOptions[provider]` is read besides `providerOptions.openai`. */
  readonly provider: string;
  /** The `model` field. */
  readonly modelId: string;
  /** The model's capabilities (decide what is sent and what becomes a warning). */
  readonly capabilities: ModelCapabilities;
  /** Field for `maxOutputTokens`: `max_completion_tokens` (OpenAI today) or `max_tokens` (older servers). */
  readonly maxTokensParameter: MaxTokensParameter;
}

/** A request body ready to serialise, and the settings that could not be honoured. */
export interface PreparedOpenAIRequest {
  /** The Chat Completions body. */
  readonly body: Record<string, unknown>;
  /** Settings the model could not honour exactly. */
  readonly warnings: ChatWarning[];
}

/** Stop sequences OpenAI accepts per request. */
const maxStopSequences = 4;
/** Body fields the adapter owns; `providerOptions` cannot replace them. */
const reservedFields = new Set(['model', 'messages', 'stream']);

function unsupported(setting: string, details: string): ChatWarning {
  return { type: 'unsupported-setting', setting, details };
}

/**
 * Maps a neutral request to a Chat Completions body. Every field is either
 * sent or reported as a warning:
 *
 * - `maxOutputTokens` → `max_completion_tokens` (or `max_tokens`, see
 *   {@link MaxTokensParameter}), capped with a warning at the model's
 *   `maxOutputTokens` capability when it is known; without it nothing is
 *   sent and the model's own limit applies; `temperature`, `topP` → `top_p`, `stop`
 *   (the first 4), `seed`; `reasoning.effort` → `reasoning_effort` for
 *   reasoning models; `reasoning.budgetTokens` is not supported;
 * - reasoning models (capability `reasoning`) reject `temperature` and
 *   `top_p`, so those are dropped with a warning;
 * - `responseFormat` json → `json_object`, json-schema → `json_schema`
 *   (`strict` defaults to true; falls back to `json_object` with a warning
 *   when the model has no `jsonSchemaOutput`);
 * - `providerOptions.openai` (and `providerOptions[provider]` for another
 *   provider id) is copied into the body unchanged, after the mapped fields,
 *   so wire fields such as `user`, `logprobs`, `service_tier`, `store` and
 *   `metadata` pass through; `model`, `messages` and `stream` cannot be
 *   replaced;
 * - when streaming, `stream: true` and `stream_options.include_usage`
 *   (merged with any `stream_options` passed through).
 *
 * `headers`, `abortSignal` and `metadata` are not body fields.
 */
export function prepareOpenAIRequest(
  request: ChatRequest,
  settings: OpenAIRequestSettings,
  stream: boolean,
): PreparedOpenAIRequest {
  const { messages, warnings } = convertToOpenAIMessages(request.system, request.messages);
  const capabilities = settings.capabilities;
  const body: Record<string, unknown> = { model: settings.modelId, messages };

  const maxOutputTokens = request.maxOutputTokens;
  if (maxOutputTokens !== undefined) {
    const limit = capabilities.maxOutputTokens;
    if (limit !== undefined && maxOutputTokens > limit) {
      warnings.push(
        unsupported(
          'maxOutputTokens',
          `capped at ${limit}, the most '${settings.modelId}' generates per response`,
        ),
      );
      body[settings.maxTokensParameter] = limit;
    } else {
      body[settings.maxTokensParameter] = maxOutputTokens;
    }
  }
  if (request.temperature !== undefined) {
    if (capabilities.reasoning) {
      warnings.push(
        unsupported(
          'temperature',
          `not sent: '${settings.modelId}' is a reasoning model, which rejects temperature`,
        ),
      );
    } else {
      body.temperature = request.temperature;
    }
  }
  if (request.topP !== undefined) {
    if (capabilities.reasoning) {
      warnings.push(
        unsupported(
          'topP',
          `not sent: '${settings.modelId}' is a reasoning model, which rejects top_p`,
        ),
      );
    } else {
      body.top_p = request.topP;
    }
  }
  if (request.stop !== undefined && request.stop.length > 0) {
    if (request.stop.length > maxStopSequences) {
      warnings.push(
        unsupported(
          'stop',
          `only the first ${maxStopSequences} of ${request.stop.length} stop sequences were sent (the API's limit)`,
        ),
      );
    }
    body.stop = request.stop.slice(0, maxStopSequences);
  }
  if (request.seed !== undefined) body.seed = request.seed;

  const reasoning = request.reasoning;
  if (reasoning?.effort !== undefined) {
    if (capabilities.reasoning) {
      body.reasoning_effort = reasoning.effort;
    } else {
      warnings.push(
        unsupported(
          'reasoning.effort',
          `not sent: '${settings.modelId}' is not a reasoning model (override its capabilities if it is)`,
        ),
      );
    }
  }
  if (reasoning?.budgetTokens !== undefined) {
    warnings.push(
      unsupported(
        'reasoning.budgetTokens',
        'Chat Completions has no reasoning token budget; use reasoning.effort',
      ),
    );
  }

  const format = request.responseFormat;
  if (
    format?.type === 'json' ||
    (format?.type === 'json-schema' && !capabilities.jsonSchemaOutput)
  ) {
    if (format.type === 'json-schema') {
      warnings.push(
        unsupported(
          'responseFormat',
          `'${settings.modelId}' cannot enforce a JSON Schema; sent as JSON mode (json_object) instead`,
        ),
      );
    }
    if (capabilities.jsonOutput) {
      body.response_format = { type: 'json_object' };
    } else {
      warnings.push(
        unsupported('responseFormat', `not sent: '${settings.modelId}' has no JSON mode`),
      );
    }
  } else if (format?.type === 'json-schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name ?? 'response',
        ...(format.description === undefined ? {} : { description: format.description }),
        schema: format.schema,
        strict: format.strict ?? true,
      },
    };
  }

  const tools = prepareOpenAITools(request);
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.tool_choice !== undefined) body.tool_choice = tools.tool_choice;
  if (tools.parallel_tool_calls !== undefined) body.parallel_tool_calls = tools.parallel_tool_calls;
  warnings.push(...tools.warnings);

  const passthrough = request.providerOptions;
  if (passthrough !== undefined) {
    copyProviderOptions('openai', passthrough.openai, body, warnings, stream);
    if (settings.provider !== 'openai') {
      copyProviderOptions(
        settings.provider,
        passthrough[settings.provider],
        body,
        warnings,
        stream,
      );
    }
  }

  if (stream) {
    body.stream = true;
    const extra = body.stream_options;
    body.stream_options =
      typeof extra === 'object' && extra !== null
        ? { include_usage: true, ...extra }
        : { include_usage: true };
  }
  return { body, warnings };
}

function copyProviderOptions(
  namespace: string,
  options: Record<string, unknown> | undefined,
  body: Record<string, unknown>,
  warnings: ChatWarning[],
  stream: boolean,
): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (reservedFields.has(key)) {
      warnings.push(
        unsupported(
          `providerOptions.${namespace}.${key}`,
          `ignored: '${key}' is set by the adapter`,
        ),
      );
    } else if (key === 'stream_options' && !stream) {
      warnings.push(
        unsupported(
          `providerOptions.${namespace}.stream_options`,
          'ignored: the call does not stream',
        ),
      );
    } else if (value !== undefined) {
      body[key] = value;
    }
  }
}
