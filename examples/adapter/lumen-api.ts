// docs/guides/writing-an-adapter.md, "The wire".
// The wire of Lumen, a made-up in-house model service: POST /v1/generate
// with a JSON body; the answer is one JSON object, or with `"stream": true`
// newline-delimited JSON events. Lenient schemas: unknown fields pass, a
// missing field the adapter needs is an error that names it.
import { z } from 'zod';

/** The request body of `POST /v1/generate`. */
export interface LumenRequestBody {
  readonly model: string;
  readonly system?: string | undefined;
  readonly messages: readonly {
    readonly role: 'user' | 'assistant';
    readonly text: string;
  }[];
  readonly max_tokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly stream: boolean;
}

const lumenUsageSchema = z.object({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
});

/** A complete answer. */
export const lumenResponseSchema = z.object({
  id: z.string(),
  model: z.string().optional(),
  output: z.object({ text: z.string() }),
  /** `end` (the model finished) or `length` (`max_tokens` cut it short). */
  stop_reason: z.string().optional(),
  usage: lumenUsageSchema.optional(),
});
/** A complete answer. */
export type LumenResponse = z.infer<typeof lumenResponseSchema>;

/** One line of a streamed answer. */
export const lumenEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), id: z.string(), model: z.string().optional() }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({
    type: z.literal('end'),
    stop_reason: z.string().optional(),
    usage: lumenUsageSchema.optional(),
  }),
  // An error after the 200 status line, e.g. the model was unloaded mid-answer.
  z.object({
    type: z.literal('error'),
    error: z.object({ type: z.string().optional(), message: z.string().optional() }),
  }),
]);
/** One line of a streamed answer. */
export type LumenEvent = z.infer<typeof lumenEventSchema>;
