import { describe, expect, it } from 'vitest';
import { estimateInputTokens } from './estimate-request-tokens.ts';

describe('estimateInputTokens', () => {
  it('counts about 4 characters a token plus 4 per message', () => {
    expect(estimateInputTokens({ messages: [{ role: 'user', content: 'x'.repeat(400) }] })).toBe(
      104,
    );
    expect(
      estimateInputTokens({
        system: 'y'.repeat(40),
        messages: [
          { role: 'user', content: 'x'.repeat(40) },
          { role: 'assistant', content: [{ type: 'text', text: 'z'.repeat(40) }] },
        ],
      }),
    ).toBe(30 + 8);
  });

  it('counts 1,000 tokens per image, and tools, tool turns and schemas as JSON text', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const tokens = estimateInputTokens({
      messages: [
        { role: 'user', content: [{ type: 'image', url: 'https://example.com/a.png' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'c', toolName: 'weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'c', toolName: 'weather', output: 'sunny' }],
        },
      ],
      tools: [{ name: 'weather', description: 'Gets the weather.', inputSchema: schema }],
      responseFormat: { type: 'json-schema', schema },
    });
    const chars =
      'weather'.length +
      JSON.stringify({ city: 'Paris' }).length +
      'weather'.length +
      'sunny'.length +
      'weather'.length +
      'Gets the weather.'.length +
      JSON.stringify(schema).length +
      JSON.stringify(schema).length;
    expect(tokens).toBe(Math.ceil(chars / 4) + 1000 + 3 * 4);
  });
});
