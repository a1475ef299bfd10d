import { StructuredOutputError } from '../errors/library-errors.ts';

/**
 * Whether a tool call's input is complete, judged as every adapter must when
 * the output limit stopped the answer (finish reason `length`): a JSON
 * object that has every property its tool's schema lists as `required`.
 *
 * Both checks are needed. On a wire that carries the arguments as text
 * (OpenAI's, Anthropic's stream) a cut shows as JSON that does not parse;
 * Anthropic's non-streamed answer carries an object the API built from what
 * the model had written, where a cut shows as missing properties.
 *
 * @param input The parsed arguments, or their raw text when they are not JSON.
 * @param schema The tool's input JSON Schema, if the request declared the tool.
 */
export function isToolInputComplete(input: unknown, schema: unknown): boolean {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const required =
    typeof schema === 'object' && schema !== null
      ? (schema as { readonly required?: unknown }).required
      : undefined;
  if (!Array.isArray(required)) return true;
  for (const key of required as readonly unknown[]) {
    if (typeof key === 'string' && !Object.hasOwn(input, key)) return false;
  }
  return true;
}

/** What {@link cutToolCallError} reports. */
export interface CutToolCall {
  /** The tool, or `undefined` for a structured answer sent as a forced tool. */
  readonly toolName: string | undefined;
  /** The arguments as they arrived (JSON text, cut short). */
  readonly text: string;
  /** How the wire named the limit, e.g. `max_tokens` or `finish_reason 'length'`. */
  readonly limit: string;
}

/**
 * The error every adapter raises for a tool call that the output limit cut
 * before its arguments were complete (see {@link isToolInputComplete}):
 * such a call is never delivered as if it were whole, in `generate()` or in
 * `stream()`. A `StructuredOutputError` (not retryable as it stands) whose
 * `text` holds the partial arguments.
 */
export function cutToolCallError(
  context: { readonly provider: string; readonly modelId: string },
  call: CutToolCall,
): StructuredOutputError {
  const subject =
    call.toolName === undefined
      ? 'the structured answer'
      : `the input of its call to tool '${call.toolName}'`;
  return new StructuredOutputError(
    `${context.provider}:${context.modelId} reached its output limit (${call.limit}) before ${subject} was complete JSON; raise maxOutputTokens and try again.`,
    {
      provider: context.provider,
      modelId: context.modelId,
      text: call.text,
      issues: [
        {
          path: call.toolName === undefined ? '' : `toolCalls.${call.toolName}`,
          message: `output cut by the output limit (${call.limit})`,
        },
      ],
    },
  );
}
