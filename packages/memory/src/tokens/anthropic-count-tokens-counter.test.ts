import { createServer, type Server } from 'node:http';
import { AuthenticationError, ConfigError, type ChatMessage } from '@org/llm-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicCountTokensCounter } from './anthropic-count-tokens-counter.ts';

type Block = Record<string, unknown>;

/**
 * A stand-in for Anthropic's count-tokens endpoint with an additive
 * tokenizer: 7 tokens per request, 2 more with a system prompt, 4 per
 * message, one per character of text, 50 per tool and 100 per image.
 */
function countWire(body: {
  system?: string;
  tools?: Block[];
  messages: { content: string | Block[] }[];
}): number {
  let tokens =
    7 + (body.system === undefined ? 0 : 2 + body.system.length) + (body.tools?.length ?? 0) * 50;
  for (const message of body.messages) {
    tokens += 4;
    const blocks: Block[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content;
    for (const block of blocks) {
      if (block.type === 'text') tokens += String(block.text).length;
      if (block.type === 'image') tokens += 100;
      if (block.type === 'tool_use')
        tokens += String(block.name).length + JSON.stringify(block.input).length;
      if (block.type === 'tool_result') tokens += String(block.content).length;
    }
  }
  return tokens;
}

let server: Server;
let baseUrl: string;
const requests: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as Parameters<typeof countWire>[0] & Record<string, unknown>;
      requests.push({ headers: request.headers, body });
      if (request.headers['x-api-key'] !== 'test-key') {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            type: 'error',
            error: { type: 'authentication_error', message: 'invalid x-api-key' },
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ input_tokens: countWire(body) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const conversation: ChatMessage[] = [
  { role: 'user', content: 'What is the weather in Paris?' },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: 'not sent again', signature: 'sig' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Paris' } },
    ],
  },
  {
    role: 'tool',
    content: [
      { type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', output: { c: 21 } },
    ],
  },
  { role: 'assistant', content: 'It is 21 degrees.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'And this?' },
      { type: 'image', data: new Uint8Array([1, 2]), mediaType: 'image/png' },
    ],
  },
];

describe('anthropicCountTokensCounter', () => {
  it('counts each message so that the counts add up to the whole request', async () => {
    const counter = anthropicCountTokensCounter({
      modelId: 'claude-test',
      apiKey: 'test-key',
      baseUrl,
    });
    const counts = await counter.countMessages(conversation);
    const overhead = await counter.countOverhead({
      system: 'Be brief.',
      tools: [{ name: 'weather', inputSchema: { type: 'object' } }],
    });
    const whole = countWire({
      system: 'Be brief.',
      tools: [{ name: 'weather' }],
      messages: [
        { content: 'What is the weather in Paris?' },
        {
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', name: 'weather', input: { city: 'Paris' } },
          ],
        },
        { content: [{ type: 'tool_result', content: '{"c":21}' }] },
        { content: 'It is 21 degrees.' },
        { content: [{ type: 'text', text: 'And this?' }, { type: 'image' }] },
      ],
    });
    expect(counts).toEqual([4 + 29, 4 + 9 + 7 + 16, 4 + 8, 4 + 17, 4 + 9 + 100]);
    expect(overhead + counts.reduce((sum, value) => sum + value, 0)).toBe(whole);
    const sent = requests.at(-1)!;
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body.model).toBe('claude-test');
  });

  it('sends the image bytes as base64 and never replays reasoning', async () => {
    requests.length = 0;
    const counter = anthropicCountTokensCounter({
      modelId: 'claude-test',
      apiKey: 'test-key',
      baseUrl,
    });
    await counter.countMessages(conversation.slice(1, 2).concat(conversation.slice(4)));
    const bodies = JSON.stringify(requests.map((request) => request.body));
    expect(bodies).toContain('"data":"AQI="');
    expect(bodies).not.toContain('not sent again');
  });

  it('turns an HTTP failure into the classified LlmError, and needs a key', async () => {
    const counter = anthropicCountTokensCounter({
      modelId: 'claude-test',
      apiKey: 'wrong',
      baseUrl,
    });
    await expect(counter.countMessages([{ role: 'user', content: 'hi' }])).rejects.toThrow(
      AuthenticationError,
    );
    const keyless = anthropicCountTokensCounter({ modelId: 'claude-test', apiKey: '', baseUrl });
    await expect(keyless.countOverhead({})).rejects.toThrow(ConfigError);
    expect(() => anthropicCountTokensCounter({ modelId: '' })).toThrow(ConfigError);
  });
});
