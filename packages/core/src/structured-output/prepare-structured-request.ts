import { match } from 'ts-pattern';
import type { z } from 'zod';
import type { RequestIssue } from '../errors/provider-errors.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { JsonSchema, ResponseFormat } from '../spec/chat-request.ts';
import { toRequestIssues } from '../spec/validate-chat-request.ts';
import { extractJson } from './extract-json.ts';

/**
 * How the schema reaches the model:
 * - `json-schema`: the provider enforces it natively (`responseFormat: json-schema`);
 * - `json`: JSON mode plus the schema in the instructions;
 * - `instruct`: the schema in the instructions only; the JSON is extracted from the text;
 * - `auto` (default): the best the model's capabilities allow, in that order.
 */
export type StructuredOutputMode = 'auto' | 'json-schema' | 'json' | 'instruct';

/** What {@link prepareStructuredRequest} needs. */
export interface StructuredRequestOptions {
  readonly schema: z.ZodType;
  readonly schemaName?: string | undefined;
  readonly schemaDescription?: string | undefined;
  readonly mode?: StructuredOutputMode | undefined;
  readonly system?: string | undefined;
}

/** The request settings that carry a schema to a model. */
export interface StructuredRequest {
  readonly mode: Exclude<StructuredOutputMode, 'auto'>;
  readonly responseFormat: ResponseFormat | undefined;
  readonly system: string | undefined;
}

export function chooseMode(
  model: ChatModel,
  mode: StructuredOutputMode,
): Exclude<StructuredOutputMode, 'auto'> {
  if (mode !== 'auto') return mode;
  if (model.capabilities.jsonSchemaOutput) return 'json-schema';
  if (model.capabilities.jsonOutput) return 'json';
  return 'instruct';
}

function instructions(schema: JsonSchema, description: string | undefined): string {
  return [
    'Answer with a single JSON value that satisfies the JSON Schema below, and nothing else: no prose, no code fences.',
    description === undefined ? undefined : `It describes: ${description}`,
    JSON.stringify(schema),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

export type Check<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: RequestIssue[] };

export function checkObjectText<S extends z.ZodType>(schema: S, text: string): Check<z.output<S>> {
  const extracted = extractJson(text);
  if (!extracted.ok)
    return { ok: false, issues: [{ path: '', message: `not valid JSON: ${extracted.message}` }] };
  const parsed = schema.safeParse(extracted.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toRequestIssues(parsed.error.issues) };
}

export function describeIssues(issues: readonly RequestIssue[]): string {
  return issues
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
}

/** Chooses the mode and builds the response format and system prompt for a schema. */
export function prepareStructuredRequest(
  model: ChatModel,
  options: StructuredRequestOptions,
): StructuredRequest {
  const mode = chooseMode(model, options.mode ?? 'auto');
  // The schema's own method: core does not load zod for it (the caller already has).
  const jsonSchema = options.schema.toJSONSchema({
    target: 'draft-7',
    unrepresentable: 'any',
  }) as JsonSchema;
  delete jsonSchema.$schema;
  const responseFormat: ResponseFormat | undefined = match(mode)
    .with('json-schema', (): ResponseFormat => ({
      type: 'json-schema',
      schema: jsonSchema,
      name: options.schemaName ?? 'response',
      description: options.schemaDescription,
    }))
    .with('json', (): ResponseFormat => ({ type: 'json' }))
    .with('instruct', () => undefined)
    .exhaustive();
  const system =
    mode === 'json-schema'
      ? options.system
      : [options.system, instructions(jsonSchema, options.schemaDescription)]
          .filter(Boolean)
          .join('\n\n');
  return { mode, responseFormat, system };
}
