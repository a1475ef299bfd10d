import { InvalidRequestError, type ChatMessage } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { AnthropicToolCallIds } from './anthropic-tool-call-ids.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';

const context = () => ({
  provider: 'anthropic',
  modelId: 'claude-sonnet-4-5',
  ids: new AnthropicToolCallIds(),
});

function convert(messages: ChatMessage[], system?: string) {
  return convertToAnthropicMessages(system, messages, context());
}

describe('convertToAnthropicMessages: system', () => {
  it('hoists request.system and leading system messages into one system string, without warnings', () => {
    const out = convert(
      [
        { role: 'system', content: 'Be terse.' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hi' },
      ],
      'You are a helper.',
    );
    expect(out.system).toBe('You are a helper.\n\nBe terse.\n\nAnswer in French.');
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
    expect(out.warnings).toEqual([]);
  });

  it('moves a system message that comes after other messages and warns with its path', () => {
    const out = convert([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'system', content: 'From now on, be formal.' },
      { role: 'user', content: 'How are you?' },
    ]);
    expect(out.system).toBe('From now on, be formal.');
    expect(out.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatchObject({
      type: 'other',
      message: expect.stringContaining('messages[2]'),
    });
  });

  it('sends system text blocks when a system message carries a cache breakpoint', () => {
    const out = convert(
      [
        {
          role: 'system',
          content: 'Long reference text',
          providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
        },
        { role: 'user', content: 'Hi' },
      ],
      'Intro',
    );
    expect(out.system).toEqual([
      { type: 'text', text: 'Intro' },
      {
        type: 'text',
        text: 'Long reference text',
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
    ]);
  });

  it('leaves system undefined when there is none', () => {
    expect(convert([{ role: 'user', content: 'Hi' }]).system).toBeUndefined();
  });
});

describe('convertToAnthropicMessages: tool calls and results', () => {
  it('puts all results of one turn into a single user turn right after the tool_use turn, in call order', () => {
    const out = convert([
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            toolCallId: 'call_a',
            toolName: 'weather',
            input: { city: 'Paris' },
          },
          { type: 'tool-call', toolCallId: 'call_b', toolName: 'weather', input: { city: 'Oslo' } },
        ],
      },
      // Results arrive out of order and split over two tool messages.
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_b', toolName: 'weather', output: { c: 3 } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_a',
            toolName: 'weather',
            output: 'sunny',
            isError: false,
          },
        ],
      },
      { role: 'user', content: 'Thanks! And tomorrow?' },
    ]);
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_b', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'call_b', content: '{"c":3}' },
          { type: 'text', text: 'Thanks! And tomorrow?' },
        ],
      },
    ]);
  });

  it('marks failed tool results with is_error', () => {
    const out = convert([
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 't', input: {} }],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', toolName: 't', output: 'boom', isError: true },
        ],
      },
    ]);
    expect(out.messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'c1', content: 'boom', is_error: true },
    ]);
  });

  it('normalises foreign tool-call ids the same way in the call and its result', () => {
    const ctx = context();
    const out = convertToAnthropicMessages(
      undefined,
      [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'functions.lookup:0', toolName: 'lookup', input: {} },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'functions.lookup:0',
              toolName: 'lookup',
              output: 'ok',
            },
          ],
        },
      ],
      ctx,
    );
    const use = out.messages[1]!.content[0]!;
    const result = out.messages[2]!.content[0]!;
    expect(use.type === 'tool_use' && use.id).toMatch(/^functions_lookup_0_[a-z0-9]+$/);
    expect(result.type === 'tool_result' && result.tool_use_id).toBe(
      use.type === 'tool_use' && use.id,
    );
    expect(ctx.ids.toOriginal((use as { id: string }).id)).toBe('functions.lookup:0');
  });

  it('sends tool input given as JSON text as an object, and replaces a non-object input by {} with a warning', () => {
    const out = convert([
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'c1', toolName: 't', input: '{"a":1}' },
          { type: 'tool-call', toolCallId: 'c2', toolName: 't', input: '{"a":' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', toolName: 't', output: 1 },
          { type: 'tool-result', toolCallId: 'c2', toolName: 't', output: 2 },
        ],
      },
    ]);
    expect(out.messages[1]!.content).toEqual([
      { type: 'tool_use', id: 'c1', name: 't', input: { a: 1 } },
      { type: 'tool_use', id: 'c2', name: 't', input: {} },
    ]);
    expect(out.warnings).toEqual([
      { type: 'other', message: expect.stringContaining('messages[1].content[1]') },
    ]);
  });
});

describe('convertToAnthropicMessages: reasoning', () => {
  const history = (reasoning: object): ChatMessage[] => [
    { role: 'user', content: 'Think.' },
    { role: 'assistant', content: [reasoning as never, { type: 'text', text: 'Done.' }] },
    { role: 'user', content: 'Again.' },
  ];

  it('sends Anthropic reasoning back as a thinking block with its signature', () => {
    const out = convert(
      history({ type: 'reasoning', text: 'Hmm.', signature: 'sig-1', provider: 'anthropic' }),
    );
    expect(out.messages[1]!.content).toEqual([
      { type: 'thinking', thinking: 'Hmm.', signature: 'sig-1' },
      { type: 'text', text: 'Done.' },
    ]);
    expect(out.warnings).toEqual([]);
  });

  it('keeps redacted thinking opaque', () => {
    const out = convert(
      history({ type: 'reasoning', text: '', redactedData: 'opaque==', provider: 'anthropic' }),
    );
    expect(out.messages[1]!.content[0]).toEqual({ type: 'redacted_thinking', data: 'opaque==' });
  });

  it('drops reasoning from another provider with a warning', () => {
    const out = convert(
      history({ type: 'reasoning', text: 'o-series thoughts', provider: 'openai' }),
    );
    expect(out.messages[1]!.content).toEqual([{ type: 'text', text: 'Done.' }]);
    expect(out.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringMatching(/another provider.*messages\[1\]\.content\[0\]/),
      },
    ]);
  });

  it('drops reasoning without a signature with a warning', () => {
    const out = convert(history({ type: 'reasoning', text: 'unsigned' }));
    expect(out.messages[1]!.content).toEqual([{ type: 'text', text: 'Done.' }]);
    expect(out.warnings[0]).toMatchObject({
      message: expect.stringContaining('without a signature'),
    });
  });
});

describe('convertToAnthropicMessages: content', () => {
  it('converts base64 images, bytes, data: URLs and https URLs', () => {
    const out = convert([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image', data: 'aGVsbG8=', mediaType: 'image/png' },
          { type: 'image', data: new Uint8Array([104, 105]), mediaType: 'image/jpeg' },
          { type: 'image', url: 'data:image/webp;base64,d2VicA==' },
          { type: 'image', url: 'https://example.com/cat.gif' },
        ],
      },
    ]);
    expect(out.messages[0]!.content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'aGVsbG8=' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'aGk=' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'd2VicA==' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.gif' } },
    ]);
  });

  it('rejects an image type Anthropic does not take, naming the field', () => {
    const error = (() => {
      try {
        convert([
          { role: 'user', content: [{ type: 'image', data: 'AA==', mediaType: 'image/bmp' }] },
        ]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).issues[0]?.path).toBe('messages[0].content[0].mediaType');
    expect((error as Error).message).toContain('image/jpeg, image/png, image/gif or image/webp');
  });

  it('places cache breakpoints on parts, and a message-level one on its last block', () => {
    const cache = { anthropic: { cacheControl: { type: 'ephemeral' } } };
    const out = convert([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Doc A', providerOptions: cache },
          { type: 'text', text: 'Doc B' },
        ],
      },
      { role: 'assistant', content: 'Read them.', providerOptions: cache },
      { role: 'user', content: 'Summarise.' },
    ]);
    expect(out.messages[0]!.content).toEqual([
      { type: 'text', text: 'Doc A', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Doc B' },
    ]);
    expect(out.messages[1]!.content).toEqual([
      { type: 'text', text: 'Read them.', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('rejects a malformed cacheControl with the path of the option', () => {
    expect(() =>
      convert([
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'x',
              providerOptions: { anthropic: { cacheControl: { type: 'forever' } } },
            },
          ],
        },
      ]),
    ).toThrow(/messages\[0\]\.content\[0\]\.providerOptions\.anthropic\.cacheControl/);
  });

  it('merges consecutive messages of one role and skips empty assistant text', () => {
    const out = convert([
      { role: 'user', content: 'One' },
      { role: 'user', content: 'Two' },
      { role: 'assistant', content: '' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: '' },
          { type: 'text', text: 'Answer' },
        ],
      },
    ]);
    expect(out.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'One' },
          { type: 'text', text: 'Two' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Answer' }] },
    ]);
  });
});
