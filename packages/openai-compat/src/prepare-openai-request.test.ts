import type { ChatRequest, ModelCapabilities } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { openAIModelCapabilities } from './openai-model-capabilities.ts';
import { prepareOpenAIRequest, type OpenAIRequestSettings } from './prepare-openai-request.ts';

const gpt4o: OpenAIRequestSettings = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  capabilities: openAIModelCapabilities('gpt-4o-mini'),
  maxTokensParameter: 'max_completion_tokens',
};
const reasoningModel: OpenAIRequestSettings = {
  ...gpt4o,
  modelId: 'o4-mini',
  capabilities: openAIModelCapabilities('o4-mini'),
};
const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

function withCapabilities(overrides: Partial<ModelCapabilities>): OpenAIRequestSettings {
  return { ...gpt4o, capabilities: { ...gpt4o.capabilities, ...overrides } };
}

describe('prepareOpenAIRequest', () => {
  it('maps every ChatRequest field', () => {
    const request: ChatRequest = {
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Answer in English.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these images?' },
            {
              type: 'image',
              url: 'https://example.com/a.png',
              providerOptions: { openai: { imageDetail: 'low' } },
            },
            { type: 'image', data: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
            { type: 'image', data: 'R0lGOD', mediaType: 'image/gif' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hmm', signature: 'sig', provider: 'anthropic' },
            { type: 'text', text: 'Let me check. ' },
            { type: 'text', text: 'One moment.' },
            {
              type: 'tool-call',
              toolCallId: 'call_1',
              toolName: 'get_weather',
              input: { city: 'Paris' },
            },
            {
              type: 'tool-call',
              toolCallId: 'call_2',
              toolName: 'get_weather',
              input: '{"city": "Oslo"',
            },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call_1',
              toolName: 'get_weather',
              output: { celsius: 21 },
            },
            {
              type: 'tool-result',
              toolCallId: 'call_2',
              toolName: 'get_weather',
              output: 'invalid input',
              isError: true,
            },
          ],
        },
        { role: 'assistant', content: 'Paris is warm.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [weather],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      parallelToolCalls: false,
      responseFormat: {
        type: 'json-schema',
        schema: { type: 'object' },
        name: 'answer',
        description: 'The answer',
      },
      maxOutputTokens: 300,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      headers: { 'x-trace': '1' },
      metadata: { feature: 'support' },
      providerOptions: {
        openai: {
          user: 'user-1',
          logprobs: true,
          service_tier: 'flex',
          store: false,
          metadata: { app: 'x' },
        },
        anthropic: { cacheControl: { type: 'ephemeral' } },
      },
    };
    const { body, warnings } = prepareOpenAIRequest(request, gpt4o, false);
    expect(body).toMatchInlineSnapshot(`
      {
        "logprobs": true,
        "max_completion_tokens": 300,
        "messages": [
          {
            "content": "Be brief.",
            "role": "system",
          },
          {
            "content": "Answer in English.",
            "role": "system",
          },
          {
            "content": [
              {
                "text": "What is in these images?",
                "type": "text",
              },
              {
                "image_url": {
                  "detail": "low",
                  "url": "https://example.com/a.png",
                },
                "type": "image_url",
              },
              {
                "image_url": {
                  "url": "data:image/png;base64,iVBORw==",
                },
                "type": "image_url",
              },
              {
                "image_url": {
                  "url": "data:image/gif;base64,R0lGOD",
                },
                "type": "image_url",
              },
            ],
            "role": "user",
          },
          {
            "content": "Let me check. One moment.",
            "role": "assistant",
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"city":"Paris"}",
                  "name": "get_weather",
                },
                "id": "call_1",
                "type": "function",
              },
              {
                "function": {
                  "arguments": "{"city": "Oslo"",
                  "name": "get_weather",
                },
                "id": "call_2",
                "type": "function",
              },
            ],
          },
          {
            "content": "{"celsius":21}",
            "role": "tool",
            "tool_call_id": "call_1",
          },
          {
            "content": "invalid input",
            "role": "tool",
            "tool_call_id": "call_2",
          },
          {
            "content": "Paris is warm.",
            "role": "assistant",
          },
          {
            "content": "Thanks",
            "role": "user",
          },
        ],
        "metadata": {
          "app": "x",
        },
        "model": "gpt-4o-mini",
        "parallel_tool_calls": false,
        "response_format": {
          "json_schema": {
            "description": "The answer",
            "name": "answer",
            "schema": {
              "type": "object",
            },
            "strict": true,
          },
          "type": "json_schema",
        },
        "seed": 7,
        "service_tier": "flex",
        "stop": [
          "END",
        ],
        "store": false,
        "temperature": 0.2,
        "tool_choice": {
          "function": {
            "name": "get_weather",
          },
          "type": "function",
        },
        "tools": [
          {
            "function": {
              "description": "Weather for a city",
              "name": "get_weather",
              "parameters": {
                "additionalProperties": false,
                "properties": {
                  "city": {
                    "type": "string",
                  },
                },
                "required": [
                  "city",
                ],
                "type": "object",
              },
              "strict": true,
            },
            "type": "function",
          },
        ],
        "top_p": 0.9,
        "user": "user-1",
      }
    `);
    expect(warnings).toEqual([
      {
        type: 'other',
        message:
          'Dropped 1 reasoning part(s) (messages[2].content[0]): Chat Completions accepts no reasoning input.',
      },
    ]);
  });

  it('sends content null for an assistant message with only tool calls', () => {
    const { body } = prepareOpenAIRequest(
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'get_weather', input: {} }],
          },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'c', toolName: 'get_weather', output: undefined },
            ],
          },
        ],
      },
      gpt4o,
      false,
    );
    expect((body.messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c', content: '' },
    ]);
  });

  it('adds stream and stream_options.include_usage when streaming, merged with passed-through stream_options', () => {
    const plain = prepareOpenAIRequest({ messages: [{ role: 'user', content: 'x' }] }, gpt4o, true);
    expect(plain.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const merged = prepareOpenAIRequest(
      {
        messages: [{ role: 'user', content: 'x' }],
        providerOptions: { openai: { stream_options: { include_obfuscation: false } } },
      },
      gpt4o,
      true,
    );
    expect(merged.body.stream_options).toEqual({ include_usage: true, include_obfuscation: false });
    const notStreaming = prepareOpenAIRequest(
      {
        messages: [{ role: 'user', content: 'x' }],
        providerOptions: { openai: { stream_options: { include_obfuscation: false } } },
      },
      gpt4o,
      false,
    );
    expect(notStreaming.body).not.toHaveProperty('stream_options');
    expect(notStreaming.body).not.toHaveProperty('stream');
    expect(notStreaming.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'providerOptions.openai.stream_options',
        details: 'ignored: the call does not stream',
      },
    ]);
  });

  it('drops temperature and top_p for reasoning models, and sends reasoning_effort', () => {
    const { body, warnings } = prepareOpenAIRequest(
      {
        messages: [{ role: 'user', content: 'x' }],
        temperature: 0.5,
        topP: 0.5,
        reasoning: { effort: 'high', budgetTokens: 1000 },
      },
      reasoningModel,
      false,
    );
    expect(body).toEqual({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'x' }],
      reasoning_effort: 'high',
    });
    expect(
      warnings.map((warning) =>
        warning.type === 'unsupported-setting' ? warning.setting : warning.type,
      ),
    ).toEqual(['temperature', 'topP', 'reasoning.budgetTokens']);
  });

  it('drops reasoning effort for a model that is not a reasoning model', () => {
    const { body, warnings } = prepareOpenAIRequest(
      { messages: [{ role: 'user', content: 'x' }], reasoning: { effort: 'low' } },
      gpt4o,
      false,
    );
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'reasoning.effort',
        details:
          "not sent: 'gpt-4o-mini' is not a reasoning model (override its capabilities if it is)",
      },
    ]);
  });

  it('sends max_tokens for servers that need it', () => {
    const { body } = prepareOpenAIRequest(
      { messages: [{ role: 'user', content: 'x' }], maxOutputTokens: 10 },
      { ...gpt4o, maxTokensParameter: 'max_tokens' },
      false,
    );
    expect(body).toMatchObject({ max_tokens: 10 });
    expect(body).not.toHaveProperty('max_completion_tokens');
  });

  it('sends the first four stop sequences with a warning', () => {
    const { body, warnings } = prepareOpenAIRequest(
      { messages: [{ role: 'user', content: 'x' }], stop: ['a', 'b', 'c', 'd', 'e'] },
      gpt4o,
      false,
    );
    expect(body.stop).toEqual(['a', 'b', 'c', 'd']);
    expect(warnings).toHaveLength(1);
  });

  it('maps json to json_object, and json-schema to json_object when the model cannot enforce schemas', () => {
    const request: ChatRequest = {
      messages: [{ role: 'user', content: 'x' }],
      responseFormat: { type: 'json' },
    };
    expect(prepareOpenAIRequest(request, gpt4o, false).body.response_format).toEqual({
      type: 'json_object',
    });
    const schema: ChatRequest = {
      ...request,
      responseFormat: { type: 'json-schema', schema: { type: 'object' }, strict: false },
    };
    expect(prepareOpenAIRequest(schema, gpt4o, false).body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object' }, strict: false },
    });
    const fallback = prepareOpenAIRequest(
      schema,
      withCapabilities({ jsonSchemaOutput: false }),
      false,
    );
    expect(fallback.body.response_format).toEqual({ type: 'json_object' });
    expect(fallback.warnings).toHaveLength(1);
    const none = prepareOpenAIRequest(request, withCapabilities({ jsonOutput: false }), false);
    expect(none.body).not.toHaveProperty('response_format');
    expect(none.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'responseFormat',
        details: "not sent: 'gpt-4o-mini' has no JSON mode",
      },
    ]);
    const text = prepareOpenAIRequest(
      { ...request, responseFormat: { type: 'text' } },
      gpt4o,
      false,
    );
    expect(text.body).not.toHaveProperty('response_format');
  });

  it('maps tool choices and warns about parallelToolCalls without tools', () => {
    for (const choice of ['auto', 'none', 'required'] as const) {
      expect(
        prepareOpenAIRequest(
          { messages: [{ role: 'user', content: 'x' }], tools: [weather], toolChoice: choice },
          gpt4o,
          false,
        ).body.tool_choice,
      ).toBe(choice);
    }
    const { body, warnings } = prepareOpenAIRequest(
      { messages: [{ role: 'user', content: 'x' }], parallelToolCalls: true },
      gpt4o,
      false,
    );
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'parallelToolCalls',
        details:
          'not sent: the request has no tools, and OpenAI rejects parallel_tool_calls without tools',
      },
    ]);
  });

  it('passes providerOptions through after the mapped fields, reads the provider id namespace too, and protects model, messages and stream', () => {
    const { body, warnings } = prepareOpenAIRequest(
      {
        messages: [{ role: 'user', content: 'x' }],
        maxOutputTokens: 5,
        providerOptions: {
          openai: { max_completion_tokens: 9, model: 'other', user: 'u' },
          groq: { reasoning_format: 'parsed', stream: true },
        },
      },
      { ...gpt4o, provider: 'groq' },
      false,
    );
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      max_completion_tokens: 9,
      user: 'u',
      reasoning_format: 'parsed',
    });
    expect(
      warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : '')),
    ).toEqual(['providerOptions.openai.model', 'providerOptions.groq.stream']);
  });
});
