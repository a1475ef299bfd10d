// docs/concepts/messages.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/messages.ts`.
import {
  InvalidRequestError,
  toAssistantMessage,
  validateChatRequest,
  type ChatMessage,
  type ChatModel,
} from '@org/llm-core';
import { chatMessageSchema } from '@org/llm-core/schemas';
import { MockChatModel } from '@org/llm-testkit';
import { z } from 'zod';

/** A history with every role: the shape every adapter accepts. */
export const history: ChatMessage[] = [
  { role: 'system', content: 'Answer in one sentence.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in this picture, and how warm is it there?' },
      { type: 'image', url: 'https://example.com/oslo.jpg' },
    ],
  },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'That is Oslo. Let me check the weather.' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Oslo' } },
    ],
  },
  {
    role: 'tool',
    content: [
      {
        type: 'tool-result',
        toolCallId: 'call_1',
        toolName: 'get_weather',
        output: { celsius: 4 },
      },
    ],
  },
];

/** An image given inline needs its media type. */
export function inlineImage(png: Uint8Array): ChatMessage {
  return {
    role: 'user',
    content: [
      { type: 'text', text: 'Describe this chart.' },
      { type: 'image', data: png, mediaType: 'image/png' },
    ],
  };
}

/** Appends the answer to the history, so the next call sees it. */
export async function nextTurn(model: ChatModel, messages: ChatMessage[]): Promise<ChatMessage[]> {
  const result = await model.generate({ messages });
  return [...messages, toAssistantMessage(result)];
}

/** Bad input gets an InvalidRequestError that names every problem with its path. */
export async function explainProblems(request: unknown): Promise<string[]> {
  try {
    await validateChatRequest(request);
    return [];
  } catch (error) {
    if (!InvalidRequestError.isInstance(error)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
}

/** Messages from outside (a database, a client) are parsed with the exported schema. */
export function parseStoredHistory(json: string): ChatMessage[] {
  return z.array(chatMessageSchema).parse(JSON.parse(json));
}

/** Everything above, against a scripted model; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const model = new MockChatModel({ responses: ['It is 4 °C in Oslo.'] });
  const next = await nextTurn(model, history);
  const stored = JSON.stringify(next);
  return {
    roles: next.map((message) => message.role),
    last: next.at(-1),
    inlineImageValid: await explainProblems({ messages: [inlineImage(new Uint8Array([137, 80]))] }),
    shapeProblems: await explainProblems({
      messages: [{ role: 'user', content: [{ type: 'image', url: 'aGVsbG8=' }] }],
      temperature: 3,
    }),
    pairingProblems: await explainProblems({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'call_9', toolName: 'x', output: 1 }],
        },
      ],
    }),
    reparsed: parseStoredHistory(stored).length,
  };
}

if (import.meta.main) console.log(await main());
