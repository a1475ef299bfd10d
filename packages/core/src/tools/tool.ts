import type { z } from 'zod';
import type { ChatMessage } from '../messages/messages.ts';
import type { JsonSchema, ToolDefinition } from '../spec/chat-request.ts';
import { toolNamePattern } from '../spec/tool-name-pattern.ts';
import { ConfigError } from '../errors/library-errors.ts';

/** What a tool's `execute` receives besides its input. */
export interface ToolExecutionContext {
  /** The id of the call being answered. */
  readonly toolCallId: string;
  /** The conversation up to and including the assistant message with the call. */
  readonly messages: readonly ChatMessage[];
  /** Fires when the run is cancelled; long-running tools should stop. */
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * A tool the model can call and `runTools` can execute. It is a
 * {@link ToolDefinition} (so it goes straight into `request.tools`) plus its
 * zod schema and `execute` function.
 */
export interface Tool<Input = unknown, Output = unknown> extends ToolDefinition {
  /** JSON Schema of the input, derived from `schema`. */
  readonly inputSchema: JsonSchema;
  /** The zod schema that validates the model's arguments before `execute` runs. */
  readonly schema: z.ZodType<Input>;
  /**
   * Runs the tool. What it returns (text or JSON-serialisable data) goes back to the model.
   * (Method syntax on purpose: it makes `Tool<{ city: string }>` usable where a `Tool` is expected.)
   */
  execute(input: Input, context: ToolExecutionContext): Output | Promise<Output>;
}

/** What {@link tool} takes. */
export interface ToolOptions<S extends z.ZodType, Output> {
  /** Name the model calls the tool by: letters, digits, `_` and `-`, at most 64 characters. */
  readonly name: string;
  /** What the tool does and when to use it. */
  readonly description?: string | undefined;
  /** zod schema of the input; it must describe an object. */
  readonly inputSchema: S;
  /** Ask the provider to enforce the schema exactly, where supported. */
  readonly strict?: boolean | undefined;
  /** Runs the tool with validated input. */
  readonly execute: (input: z.output<S>, context: ToolExecutionContext) => Output | Promise<Output>;
}

/**
 * Defines a tool with a zod input schema. The model's arguments are
 * validated against the schema before `execute` runs; invalid arguments go
 * back to the model as an error result so it can correct itself.
 *
 * @example
 * const weather = tool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   inputSchema: z.object({ city: z.string() }),
 *   execute: async ({ city }) => ({ city, celsius: 21 }),
 * });
 */
export function tool<S extends z.ZodType, Output>(
  options: ToolOptions<S, Output>,
): Tool<z.output<S>, Output> {
  if (!toolNamePattern.test(options.name)) {
    throw new ConfigError(
      `Tool name '${options.name}' is invalid: use 1 to 64 letters, digits, underscores or hyphens.`,
    );
  }
  // The schema's own method: core does not load zod for it (the caller already has).
  const inputSchema = options.inputSchema.toJSONSchema({
    target: 'draft-7',
    unrepresentable: 'any',
  }) as JsonSchema;
  delete inputSchema.$schema;
  if (inputSchema.type !== 'object') {
    throw new ConfigError(
      `Tool '${options.name}' must take an object: wrap its input in z.object({...}) (providers require an object schema).`,
    );
  }
  return {
    name: options.name,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.strict === undefined ? {} : { strict: options.strict }),
    inputSchema,
    schema: options.inputSchema as z.ZodType<z.output<S>>,
    execute: options.execute,
  };
}

/** Whether a tool definition can be executed (was made by {@link tool}). */
export function isExecutableTool(definition: ToolDefinition): definition is Tool {
  return (
    typeof (definition as Partial<Tool>).execute === 'function' &&
    (definition as Partial<Tool>).schema !== undefined
  );
}
