import { LlmError, type ChatStreamPart } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { wrongKindMutations, type Json } from '../../core/src/test-support/wrong-json-kinds.ts';
import { OpenAIStreamMapper } from './openai-stream-mapper.ts';

// Every place of a Chat Completions chunk where a compatible server can put a
// value of the wrong JSON kind: the chunk itself, each field, each nested
// field and array item. The mapper must settle each with a result or a
// library error (never a TypeError from reading a property of null).

const meta = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-6-luna' };

/** A valid stream: text, a tool call in two pieces, the finish, then usage. */
const chunks: readonly Json[] = [
  { ...meta, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' } }] },
  {
    ...meta,
    choices: [
      {
        index: 0,
        delta: {
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: 'get_time', arguments: '{"zone"' },
            },
          ],
        },
      },
    ],
  },
  {
    ...meta,
    choices: [
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':"UTC"}' } }] } },
    ],
  },
  { ...meta, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls', logprobs: null }] },
  {
    ...meta,
    choices: [],
    usage: {
      prompt_tokens: 3,
      completion_tokens: 9,
      total_tokens: 12,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  },
];

describe('OpenAIStreamMapper with a value of the wrong JSON kind anywhere', () => {
  it.each(wrongKindMutations(chunks).map((mutation) => [mutation.name, mutation] as const))(
    '%s: a result or a library error',
    (_name, mutation) => {
      const mapper = new OpenAIStreamMapper({
        provider: 'openai',
        modelId: 'gpt-6-luna',
        headers: {},
        secrets: [],
      });
      const parts: ChatStreamPart[] = [];
      try {
        for (const chunk of mutation.documents) mapper.pushChunk(chunk, parts);
        mapper.end(parts);
      } catch (error) {
        expect(error).toBeInstanceOf(LlmError);
      }
    },
  );
});
