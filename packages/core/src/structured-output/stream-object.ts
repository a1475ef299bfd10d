import type { z } from 'zod';
import { StructuredOutputError } from '../errors/library-errors.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import type { ChatStream } from '../stream/chat-stream.ts';
import type { GenerateObjectOptions } from './generate-object.ts';
import { parsePartialJson } from './parse-partial-json.ts';
import {
  checkObjectText,
  describeIssues,
  prepareStructuredRequest,
  type StructuredOutputMode,
} from './prepare-structured-request.ts';

/** An object whose fields may still be missing: what a stream has delivered so far. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Options of {@link streamObject}: like {@link generateObject}'s, without repair rounds. */
export type StreamObjectOptions<S extends z.ZodType> = Omit<GenerateObjectOptions<S>, 'maxRepairs'>;

/** The result of {@link streamObject}: partial objects while it streams, the validated object at the end. */
export interface StreamObjectResult<T> {
  /** The mode that was used. */
  readonly mode: Exclude<StructuredOutputMode, 'auto'>;
  /**
   * Partial objects as the JSON arrives, each different from the last. Not
   * validated: fields appear as the model writes them. Reading it consumes the stream.
   */
  readonly partialObjectStream: AsyncIterable<DeepPartial<T>>;
  /** The complete, validated object; rejects with `StructuredOutputError`. */
  object(): Promise<T>;
  /** The underlying chat result (text, usage, finish reason). */
  final(): Promise<ChatResult>;
}

/** Skips prose or a code fence before the JSON value in instruct mode. */
function jsonStart(text: string): number {
  const object = text.indexOf('{');
  const array = text.indexOf('[');
  if (object < 0) return array;
  if (array < 0) return object;
  return Math.min(object, array);
}

/**
 * Streams an object: partial objects while the model writes the JSON, then
 * the validated object. Uses the same modes as {@link generateObject}; there
 * is no repair round (the answer has already been shown), so an invalid
 * final object rejects `object()` with {@link StructuredOutputError}.
 *
 * @example
 * const result = await streamObject(model, { schema, messages });
 * for await (const partial of result.partialObjectStream) render(partial);
 * const recipe = await result.object();
 */
export async function streamObject<S extends z.ZodType>(
  model: ChatModel,
  options: StreamObjectOptions<S>,
): Promise<StreamObjectResult<z.output<S>>> {
  const { schema, schemaName, schemaDescription, mode: requestedMode, ...request } = options;
  const { mode, responseFormat, system } = prepareStructuredRequest(model, {
    schema,
    schemaName,
    schemaDescription,
    mode: requestedMode,
    system: request.system,
  });
  const stream: ChatStream = await model.stream({
    ...request,
    ...(system === undefined ? {} : { system }),
    ...(responseFormat === undefined ? {} : { responseFormat }),
  });
  const context = { provider: model.provider, modelId: model.modelId };

  return {
    mode,
    partialObjectStream: {
      async *[Symbol.asyncIterator]() {
        let text = '';
        let last: string | undefined;
        for await (const delta of stream.textStream) {
          text += delta;
          const start = jsonStart(text);
          if (start < 0) continue;
          const partial = parsePartialJson(text.slice(start));
          if (partial === undefined) continue;
          const serialised = JSON.stringify(partial.value);
          if (serialised === last) continue;
          last = serialised;
          yield partial.value as DeepPartial<z.output<S>>;
        }
      },
    },
    final: () => stream.final(),
    async object() {
      const result = await stream.final();
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
      if (checked.ok) return checked.value;
      throw new StructuredOutputError(
        `${model.provider}:${model.modelId} did not return a valid object: ${describeIssues(checked.issues)}`,
        { ...context, text: result.text, issues: checked.issues },
      );
    },
  };
}
