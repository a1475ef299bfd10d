import { ContextLengthExceededError, ResponseValidationError } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { mapOpenAIResponse, type OpenAIResponseContext } from './map-openai-response.ts';

const context: OpenAIResponseContext = {
  provider: 'openai',
  modelId: 'gpt-4o',
  headers: { 'x-request-id': 'req_9' },
  warnings: [{ type: 'other', message: 'a warning' }],
  secrets: [],
};

function completion(
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'chatcmpl-9',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-2024-08-06',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', ...message },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
    system_fingerprint: 'fp_9',
    ...extra,
  };
}

describe('mapOpenAIResponse', () => {
  it('maps text, usage, response info and metadata', async () => {
    expect(
      await mapOpenAIResponse(
        completion(
          { content: 'Hi there', refusal: null, annotations: [] },
          { service_tier: 'default' },
        ),
        context,
      ),
    ).toMatchInlineSnapshot(`
        {
          "content": [
            {
              "text": "Hi there",
              "type": "text",
            },
          ],
          "finishReason": {
            "raw": "stop",
            "unified": "stop",
          },
          "providerMetadata": {
            "openai": {
              "serviceTier": "default",
              "systemFingerprint": "fp_9",
            },
          },
          "response": {
            "headers": {
              "x-request-id": "req_9",
            },
            "id": "chatcmpl-9",
            "modelId": "gpt-4o-2024-08-06",
          },
          "text": "Hi there",
          "toolCalls": [],
          "usage": {
            "cacheReadTokens": 64,
            "cacheWriteTokens": undefined,
            "inputTokens": 100,
            "outputTokens": 20,
            "reasoningTokens": 0,
          },
          "warnings": [
            {
              "message": "a warning",
              "type": "other",
            },
          ],
        }
      `);
  });

  it('maps tool calls after the text, keeping raw text for invalid arguments', async () => {
    const body = completion({
      content: 'Checking.',
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{oops' } },
      ],
    });
    (body.choices as Record<string, unknown>[])[0]!.finish_reason = 'tool_calls';
    const result = await mapOpenAIResponse(body, context);
    expect(result.content.map((part) => part.type)).toEqual(['text', 'tool-call', 'tool-call']);
    expect(result.toolCalls.map((call) => call.input)).toEqual([{ city: 'Paris' }, '{oops']);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
  });

  it('reports a refusal as content-filter with the refusal in providerMetadata', async () => {
    const result = await mapOpenAIResponse(
      completion({ content: null, refusal: 'I cannot help.' }),
      context,
    );
    expect(result.text).toBe('');
    expect(result.content).toEqual([]);
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'stop' });
    expect(result.providerMetadata?.openai?.refusal).toBe('I cannot help.');
  });

  it('keeps reasoning text of compatible servers as a reasoning part first', async () => {
    const result = await mapOpenAIResponse(completion({ content: '4', reasoning_content: '2+2' }), {
      ...context,
      provider: 'deepseek',
    });
    expect(result.content).toEqual([
      { type: 'reasoning', text: '2+2', provider: 'deepseek' },
      { type: 'text', text: '4' },
    ]);
  });

  it('throws the classified error for an error envelope sent with status 200', async () => {
    const error = await (async () => {
      try {
        await mapOpenAIResponse(
          {
            error: {
              message: "This model's maximum context length is 8192 tokens.",
              type: 'invalid_request_error',
              code: 'context_length_exceeded',
            },
          },
          context,
        );
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a failure');
    })();
    expect(ContextLengthExceededError.isInstance(error)).toBe(true);
    expect((error as ContextLengthExceededError).requestId).toBe('req_9');
  });

  it('does not mistake `error: null` for an error envelope', async () => {
    await expect(
      mapOpenAIResponse({ object: 'response', error: null, output: [] }, context),
    ).rejects.toThrow(
      "openai answered 'gpt-4o' with an unexpected body: choices: Invalid input: expected array, received undefined.",
    );
  });

  it.each<[string, unknown, string]>([
    [
      'a body without choices',
      { id: 'x' },
      'choices: Invalid input: expected array, received undefined',
    ],
    [
      'a tool call without a name',
      completion({ tool_calls: [{ id: 'c', function: { arguments: '{}' } }] }),
      'choices[0].message.tool_calls[0].function.name',
    ],
    ['content that is not text', completion({ content: 7 }), 'choices[0].message.content'],
    ['empty choices', { choices: [] }, "no choices: 'choices' is empty"],
  ])('rejects %s with a ResponseValidationError naming the field', async (_name, body, message) => {
    await expect(mapOpenAIResponse(body, context)).rejects.toThrow(ResponseValidationError);
    await expect(mapOpenAIResponse(body, context)).rejects.toThrow(message);
  });

  it('normalises empty ids and tolerates null fields from compatible servers', async () => {
    const result = await mapOpenAIResponse(
      {
        id: '',
        model: '',
        system_fingerprint: null,
        choices: [{ message: { content: 'ok', tool_calls: null } }],
        usage: null,
      },
      context,
    );
    expect(result.response).toEqual({
      id: undefined,
      modelId: undefined,
      headers: context.headers,
    });
    expect(result.finishReason).toEqual({ unified: 'stop', raw: undefined });
    expect(result.usage.inputTokens).toBeUndefined();
    expect(result.providerMetadata).toBeUndefined();
  });
});
