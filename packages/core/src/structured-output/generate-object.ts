import type { z } from 'zod';
import { StructuredOutputError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import { addUsage, type Usage } from '../spec/usage.ts';
import {
  checkObjectText,
  describeIssues,
  prepareStructuredRequest,
  type StructuredOutputMode,
} from './prepare-structured-request.ts';

/** Options of {@link generateObject}: a chat request plus the schema. */
export interface GenerateObjectOptions<S extends z.ZodType> extends Omit<
  ChatRequest,
  'responseFormat'
> {
  /** The zod schema the object must satisfy. */
  readonly schema: S;
  /** Name of the schema, for providers that want one; default `response`. */
  readonly schemaName?: string | undefined;
  /** What the object is; helps the model. */
  readonly schemaDescription?: string | undefined;
  /** How the schema reaches the model; default `auto`. */
  readonly mode?: StructuredOutputMode | undefined;
  /** How many times to show the model its invalid answer and ask for a fix; default 1. */
  readonly maxRepairs?: number | undefined;
}

/** The result of {@link generateObject}. */
export interface GenerateObjectResult<T> {
  /** The validated object. */
  readonly object: T;
  /** The last model call's result. */
  readonly result: ChatResult;
  /** Usage summed over every call (the first answer and any repairs). */
  readonly usage: Usage;
  /** The mode that was used. */
  readonly mode: Exclude<StructuredOutputMode, 'auto'>;
  /** How many repair rounds were needed (0 when the first answer was valid). */
  readonly repairs: number;
}

/**
 * Asks the model for an object and returns it typed and validated.
 *
 * Sends the schema the best way the model allows (see
 * {@link StructuredOutputMode}), extracts the JSON, validates it with zod,
 * and on failure shows the model its answer and the problems for one repair
 * round (`maxRepairs`). Throws {@link StructuredOutputError} with the raw
 * text and the issues when it still fails, or at once when the answer was
 * cut off by `maxOutputTokens`.
 *
 * @example
 * const { object } = await generateObject(model, {
 *   schema: z.object({ city: z.string(), population: z.number() }),
 *   messages: [{ role: 'user', content: 'The largest city in Japan?' }],
 * });
 */
export async function generateObject<S extends z.ZodType>(
  model: ChatModel,
  options: GenerateObjectOptions<S>,
): Promise<GenerateObjectResult<z.output<S>>> {
  const {
    schema,
    schemaName,
    schemaDescription,
    mode: requestedMode,
    maxRepairs = 1,
    ...request
  } = options;
  const { mode, responseFormat, system } = prepareStructuredRequest(model, {
    schema,
    schemaName,
    schemaDescription,
    mode: requestedMode,
    system: request.system,
  });

  let messages: ChatMessage[] = [...request.messages];
  let usage: Usage | undefined;
  for (let round = 0; ; round++) {
    const result = await model.generate({
      ...request,
      messages,
      ...(system === undefined ? {} : { system }),
      ...(responseFormat === undefined ? {} : { responseFormat }),
    });
    usage = usage === undefined ? result.usage : addUsage(usage, result.usage);
    const context = { provider: model.provider, modelId: model.modelId };

    if (result.finishReason.unified === 'length') {
      throw new StructuredOutputError(
        `${model.provider}:${model.modelId} was cut off by the output token limit before the JSON was complete; raise maxOutputTokens.`,
        {
          ...context,
          text: result.text,
          issues: [{ path: '', message: 'answer truncated (finish reason length)' }],
        },
      );
    }
    const checked = checkObjectText(schema, result.text);
    if (checked.ok) return { object: checked.value, result, usage, mode, repairs: round };
    if (round >= maxRepairs) {
      throw new StructuredOutputError(
        `${model.provider}:${model.modelId} did not return a valid object${round > 0 ? ` after ${round} repair round(s)` : ''}: ${describeIssues(checked.issues)}`,
        { ...context, text: result.text, issues: checked.issues },
      );
    }
    messages = [
      ...messages,
      { role: 'assistant', content: result.text },
      {
        role: 'user',
        content: `That answer is not valid: ${describeIssues(checked.issues)}. Reply with only the corrected JSON value.`,
      },
    ];
  }
}
