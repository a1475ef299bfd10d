import { z } from 'zod';

// Wire shapes of the Chat Completions API: a limited, lenient version of the
// official schema, focused on what the adapter reads. Unknown fields pass
// (OpenAI adds fields often; compatible servers add their own, such as
// OpenRouter's `provider` or Azure's `content_filter_results`). Optional
// fields accept `null`, which compatible servers send where OpenAI omits.

/** `usage` of a response or of the last stream chunk. */
export const openAIUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});
/** `usage` of a response. */
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

const openAIMessageToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.string().nullish(),
  function: z.looseObject({
    name: z.string(),
    arguments: z.string().nullish(),
  }),
});

/** The JSON body of a non-streamed `POST /chat/completions` answer. */
export const openAIChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().nullish(),
      message: z.looseObject({
        role: z.string().nullish(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        // Not OpenAI: DeepSeek, vLLM and OpenRouter return reasoning text here.
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z.array(openAIMessageToolCallSchema).nullish(),
      }),
      finish_reason: z.string().nullish(),
      logprobs: z.unknown().optional(),
    }),
  ),
  usage: openAIUsageSchema.nullish(),
});
/** The JSON body of a non-streamed answer. */
export type OpenAIChatResponse = z.infer<typeof openAIChatResponseSchema>;

/**
 * One tool-call delta of a stream chunk. Only the first delta of a call
 * carries `id` and `function.name`; later ones carry argument text.
 */
export interface OpenAIToolCallDelta {
  /** Which call of the turn this delta continues (parallel calls have 0, 1...). */
  readonly index?: number | null;
  /** The call's id, in its first delta. */
  readonly id?: string | null;
  /** `function`. */
  readonly type?: string | null;
  /** The tool name (first delta) and a piece of the argument JSON text. */
  readonly function?: { readonly name?: string | null; readonly arguments?: string | null } | null;
}

/** The `delta` of a stream chunk's choice. */
export interface OpenAIChunkDelta {
  /** `assistant`, in the first chunk. */
  readonly role?: string | null;
  /** A piece of the answer text. */
  readonly content?: string | null;
  /** A piece of a refusal (the model declined; not answer text). */
  readonly refusal?: string | null;
  /** A piece of reasoning text (DeepSeek, vLLM; not OpenAI). */
  readonly reasoning_content?: string | null;
  /** A piece of reasoning text (OpenRouter; not OpenAI). */
  readonly reasoning?: string | null;
  /** Pieces of tool calls. */
  readonly tool_calls?: readonly OpenAIToolCallDelta[] | null;
}

/** One choice of a stream chunk. */
export interface OpenAIChunkChoice {
  /** Which answer this is (0 unless the request set `n`). */
  readonly index?: number | null;
  /** What this chunk adds to the answer. */
  readonly delta?: OpenAIChunkDelta | null;
  /** Why the answer ended, in its last content chunk. */
  readonly finish_reason?: string | null;
  /** Token log probabilities, when the request asked for them. */
  readonly logprobs?: {
    readonly content?: readonly unknown[] | null;
    readonly refusal?: readonly unknown[] | null;
  } | null;
}

/**
 * One `data:` payload of a streamed answer (`chat.completion.chunk`). Stream
 * chunks are checked by hand in `OpenAIStreamMapper` rather than with zod:
 * a zod parse per chunk is the largest avoidable cost of a streaming client.
 */
export interface OpenAIChatChunk {
  /** The completion id, the same in every chunk (empty in Azure's first chunk). */
  readonly id?: string | null;
  /** The model that answers. */
  readonly model?: string | null;
  /** The backend configuration that answered. */
  readonly system_fingerprint?: string | null;
  /** The processing tier used. */
  readonly service_tier?: string | null;
  /** Deltas per answer; empty in the usage chunk. */
  readonly choices?: readonly OpenAIChunkChoice[] | null;
  /** Token counts, in the last chunk with `stream_options.include_usage`. */
  readonly usage?: OpenAIUsage | null;
  /** An error sent inside a 200 stream. */
  readonly error?: unknown;
}

/** The finish reasons OpenAI documents for Chat Completions. */
export type OpenAIFinishReason =
  'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';
