import { describe, expect, it } from 'vitest';
import { convertOpenAIRequest } from './convert-openai-request.ts';
import { openAIChatRequestSchema } from './openai-request-schema.ts';

const convert = (body: unknown) => convertOpenAIRequest(openAIChatRequestSchema.parse(body));

describe('convertOpenAIRequest', () => {
  it('maps a full request to the neutral one', () => {
    const converted = convert({
      model: 'smart',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"q":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'look', parameters: { type: 'object' }, strict: true },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'look' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' } },
      },
      max_tokens: 10,
      max_completion_tokens: 20,
      stop: 'END',
      stream: true,
      stream_options: { include_usage: true },
      user: 'user-7',
    });
    expect(converted).toEqual({
      model: 'smart',
      stream: true,
      includeUsage: true,
      request: {
        system: 'Be brief.\n\nUse metric units.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              {
                type: 'image',
                url: 'https://example.com/a.png',
                providerOptions: { openai: { imageDetail: 'low' } },
              },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'call_1', toolName: 'look', input: { q: 1 } },
            ],
          },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'call_1', toolName: 'look', output: 'a cat' },
            ],
          },
        ],
        tools: [{ name: 'look', inputSchema: { type: 'object' }, strict: true }],
        toolChoice: { type: 'tool', toolName: 'look' },
        responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' } },
        maxOutputTokens: 20,
        stop: ['END'],
        metadata: { user: 'user-7' },
      },
    });
  });

  it('refuses audio parts, several choices and a request of system messages only', () => {
    expect(() =>
      convert({
        model: 'm',
        messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }],
      }),
    ).toThrow(/'input_audio' parts are not supported/);
    expect(() =>
      convert({ model: 'm', n: 3, messages: [{ role: 'user', content: 'Hi' }] }),
    ).toThrow(/n = 1/);
    expect(() =>
      convert({ model: 'm', messages: [{ role: 'system', content: 'Only this.' }] }),
    ).toThrow(/besides system messages/);
  });
});
