import {
  ChatStream,
  InMemoryConversationStore,
  createUsage,
  type ChatModel,
  type ChatStreamPart,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { startMockGateway } from './test-support/mock-gateway.ts';

/** The text of an Anthropic SSE stream's `text_delta` events. */
function textDeltas(sse: string): string {
  return [...sse.matchAll(/"type":"text_delta","text":("(?:[^"\\]|\\.)*")/g)]
    .map((match) => JSON.parse(match[1]!) as string)
    .join('');
}

/** A model whose stream sends its first words, then waits for `release()` before the rest. */
function gatedModel(): { model: ChatModel; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  async function* parts(): AsyncGenerator<ChatStreamPart> {
    yield { type: 'text-start', id: 't' };
    yield { type: 'text-delta', id: 't', delta: 'first ' };
    await gate;
    yield { type: 'text-delta', id: 't', delta: 'second' };
    yield { type: 'text-end', id: 't' };
    yield { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: createUsage() };
  }
  const model = new MockChatModel();
  return {
    release,
    model: {
      specificationVersion: 'v1',
      provider: 'mock',
      modelId: 'gated',
      capabilities: model.capabilities,
      generate: (request) => model.generate(request),
      stream: () => ChatStream.from(parts(), { provider: 'mock', modelId: 'gated' }),
    },
  };
}

describe('conversations', () => {
  it('keeps the history of x-conversation-id across turns and wires, the client sending only new messages', async () => {
    const store = new InMemoryConversationStore();
    const model = new MockChatModel({
      respond: (request) => `turn with ${request.messages.length} messages`,
    });
    await using server = await startMockGateway({ fast: model }, { conversations: store });
    const headers = { 'x-conversation-id': 'conv-1' };
    const first = await server.fetch('/v1/chat/completions', {
      headers,
      body: {
        model: 'fast',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'I am Ada.' },
        ],
      },
    });
    expect(await first.json()).toMatchObject({
      choices: [{ message: { content: 'turn with 1 messages' } }],
    });

    const second = await server.fetch('/v1/messages', {
      headers,
      body: {
        model: 'fast',
        max_tokens: 20,
        stream: true,
        messages: [{ role: 'user', content: 'Who am I?' }],
      },
    });
    expect(textDeltas(await second.text())).toBe('turn with 3 messages');
    expect(model.calls[1]!.request.messages).toEqual([
      { role: 'user', content: 'I am Ada.' },
      { role: 'assistant', content: [{ type: 'text', text: 'turn with 1 messages' }] },
      { role: 'user', content: 'Who am I?' },
    ]);
    // The system prompt is sent with its turn, never stored.
    expect(model.calls[0]!.request.system).toBe('Be brief.');
    expect((await store.load('conv-1'))?.messages).toHaveLength(4);
  });

  it('refuses x-conversation-id when the gateway keeps no conversations', async () => {
    await using server = await startMockGateway({
      fast: new MockChatModel({ respond: () => 'ok' }),
    });
    const response = await server.fetch('/v1/chat/completions', {
      headers: { 'x-conversation-id': 'conv-1' },
      body: { model: 'fast', messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'keeps no conversations',
    );
  });
});

describe('graceful shutdown', () => {
  it('lets an open stream finish, refuses new connections, then resolves', async () => {
    const { model, release } = gatedModel();
    const server = await startMockGateway({ gated: model });
    const response = await server.fetch('/v1/chat/completions', {
      body: { model: 'gated', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain('first ');

    let closed = false;
    const closing = server.gateway.close().then(() => {
      closed = true;
    });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(closed).toBe(false);

    release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value);
    }
    expect(text).toContain('second');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    await closing;
    expect(closed).toBe(true);
  });

  it('aborts streams still open after the drain timeout, with an in-band error', async () => {
    const model = new MockChatModel({ respond: () => ({ text: 'a b c d', stallAfterChunks: 1 }) });
    const server = await startMockGateway({ slow: model }, { drainTimeoutMs: 50 });
    const response = await server.fetch('/v1/messages', {
      body: {
        model: 'slow',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      },
    });
    const reading = response.text();
    await server.gateway.close();
    const text = await reading;
    expect(text).toContain('event: error');
    expect(text).not.toContain('message_stop');
    expect(model.calls[0]!.request.abortSignal!.aborted).toBe(true);
  });
});
