import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors/provider-errors.ts';
import type { ChatRequest } from './chat-request.ts';
import { validateChatRequest } from './validate-chat-request.ts';

async function issuesOf(request: unknown): Promise<string[]> {
  try {
    await validateChatRequest(request);
  } catch (error) {
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    return (error as InvalidRequestError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

const weatherTool = {
  name: 'get_weather',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('validateChatRequest', () => {
  it('returns a valid request unchanged (same object)', async () => {
    const request: ChatRequest = {
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Extra rules.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', url: 'https://example.com/a.png' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hmm', signature: 'sig' },
            {
              type: 'tool-call',
              toolCallId: 'c1',
              toolName: 'get_weather',
              input: { city: 'Oslo' },
            },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'get_weather',
              output: { celsius: 3 },
            },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'image', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' }],
        },
      ],
      tools: [weatherTool],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      responseFormat: { type: 'json-schema', schema: { type: 'object' }, name: 'answer' },
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      reasoning: { effort: 'low' },
      abortSignal: new AbortController().signal,
      headers: { 'x-trace': '1' },
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
      metadata: { feature: 'support' },
    };
    expect(await validateChatRequest(request)).toBe(request);
  });

  it('names the message and part of an unknown tool-result id', async () => {
    const error = await (async () => {
      try {
        await validateChatRequest(
          {
            messages: [
              { role: 'user', content: 'hi' },
              {
                role: 'assistant',
                content: [
                  { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: {} },
                ],
              },
              {
                role: 'tool',
                content: [
                  { type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: 'ok' },
                ],
              },
              {
                role: 'tool',
                content: [
                  { type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: 'ok' },
                  { type: 'tool-result', toolCallId: 'call_9', toolName: 'lookup', output: 'x' },
                ],
              },
            ],
          },
          { provider: 'openai', modelId: 'gpt-4o' },
        );
      } catch (caught) {
        return caught as InvalidRequestError;
      }
      throw new Error('expected a validation error');
    })();
    expect(error.message).toBe(
      "Invalid chat request: messages[3].content[1]: tool-result references unknown toolCallId 'call_9'; it must answer a tool-call of an earlier assistant message",
    );
    expect(error.provider).toBe('openai');
    expect(error.isRetryable).toBe(false);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 'hello', [': Invalid input: expected object, received string']],
    ['empty messages', { messages: [] }, ['messages: must hold at least one message']],
    [
      'unknown role',
      { messages: [{ role: 'robot', content: 'x' }] },
      [
        "messages[0].role: unknown role; Invalid discriminator value. Expected 'system' | 'user' | 'assistant' | 'tool'",
      ],
    ],
    [
      'user content of the wrong type',
      { messages: [{ role: 'user', content: 42 }] },
      ['messages[0].content: Invalid input: expected string or array, received number'],
    ],
    [
      'bad part inside user content',
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'ok' }, { type: 'text' }] }] },
      ['messages[0].content[1].text: Invalid input: expected string, received undefined'],
    ],
    [
      'image with neither url nor data',
      { messages: [{ role: 'user', content: [{ type: 'image' }] }] },
      [
        "messages[0].content[0]: give exactly one of 'url' (an https: or data: URL) and 'data' (bytes or base64)",
      ],
    ],
    [
      'image URL that is not a URL',
      { messages: [{ role: 'user', content: [{ type: 'image', url: 'aGVsbG8=' }] }] },
      [
        "messages[0].content[0].url: must be an https:, http: or data: URL; pass raw base64 as 'data' with a mediaType",
      ],
    ],
    [
      'image data without media type',
      { messages: [{ role: 'user', content: [{ type: 'image', data: 'aGVsbG8=' }] }] },
      ["messages[0].content[0].mediaType: is required with 'data', e.g. 'image/png'"],
    ],
    [
      'tool-result without output',
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'c', toolName: 't', input: {} }],
          },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', toolName: 't' }] },
        ],
      },
      ['messages[2].content[0].output: is required'],
    ],
    [
      'tool-call in a user message',
      {
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'b', input: {} }],
          },
        ],
      },
      [
        "messages[0].content[0].type: unknown type; Invalid discriminator value. Expected 'text' | 'image'",
      ],
    ],
    [
      'temperature out of range',
      { messages: [{ role: 'user', content: 'x' }], temperature: 3 },
      ['temperature: Too big: expected number to be <=2'],
    ],
    [
      'fractional maxOutputTokens',
      { messages: [{ role: 'user', content: 'x' }], maxOutputTokens: 1.5 },
      ['maxOutputTokens: Invalid input: expected int, received number'],
    ],
    [
      'bad tool name',
      {
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ ...weatherTool, name: 'get weather' }],
      },
      ['tools[0].name: must be 1 to 64 letters, digits, underscores or hyphens'],
    ],
    [
      'duplicate tool names',
      { messages: [{ role: 'user', content: 'x' }], tools: [weatherTool, weatherTool] },
      ["tools[1].name: duplicate tool name 'get_weather'"],
    ],
    [
      'toolChoice without tools',
      { messages: [{ role: 'user', content: 'x' }], toolChoice: 'required' },
      ["toolChoice: requires at least one tool in 'tools'"],
    ],
    [
      'toolChoice naming a missing tool',
      {
        messages: [{ role: 'user', content: 'x' }],
        tools: [weatherTool],
        toolChoice: { type: 'tool', toolName: 'nope' },
      },
      ["toolChoice.toolName: names tool 'nope', which is not in 'tools' (get_weather)"],
    ],
    [
      'unanswered tool call',
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: {} }],
          },
          { role: 'user', content: 'and?' },
        ],
      },
      [
        "messages[1].content[0]: tool call 'c1' has no tool-result; answer every tool call in a tool message right after the assistant message",
      ],
    ],
    [
      'duplicate tool-call ids',
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'c1', toolName: 'a', input: {} },
              { type: 'tool-call', toolCallId: 'c1', toolName: 'a', input: {} },
            ],
          },
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'a', output: 1 }],
          },
        ],
      },
      [
        "messages[1].content[1]: duplicate toolCallId 'c1' (already used at messages[1].content[0]); tool-call ids must be unique",
      ],
    ],
    [
      'tool-result naming another tool',
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'a', input: {} }],
          },
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'b', output: 1 }],
          },
        ],
      },
      ["messages[2].content[0]: tool-result for 'c1' names tool 'b' but the call was to 'a'"],
    ],
  ])('%s', async (_name, request, expected) => {
    expect(await issuesOf(request)).toEqual(expected);
  });

  it('lists every issue, one line each', async () => {
    try {
      await validateChatRequest({ messages: [], temperature: -1 });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        'Invalid chat request:\n- messages: must hold at least one message\n- temperature: Too small: expected number to be >=0',
      );
    }
  });
});
