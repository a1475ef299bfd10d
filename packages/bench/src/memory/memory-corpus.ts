import type { ChatMessage } from '@org/llm-core';

const words =
  'the a conversation model answer question store turn token budget window summary memory process machine retry stream cluster version append load trim order parcel delivery address weather paris london refund account invoice shipping tracking number customer support agent please thank you could would should because however therefore meanwhile yesterday tomorrow morning evening'.split(
    ' ',
  );

/** Deterministic pseudo-random text of about `length` characters (mulberry32), so every run measures the same data. */
function text(seed: number, length: number): string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out: string[] = [];
  let size = 0;
  while (size < length) {
    const word = words[Math.floor(next() * words.length)]!;
    out.push(word);
    size += word.length + 1;
  }
  return `${out.join(' ')}.`;
}

/** One turn of the benchmark conversation: a user message (~200 characters) and an answer (~600). */
export function benchTurn(index: number): [ChatMessage, ChatMessage] {
  return [
    { role: 'user', content: text(index * 2 + 1, 200) },
    { role: 'assistant', content: [{ type: 'text', text: text(index * 2 + 2, 600) }] },
  ];
}

/** The benchmark conversation: `messages` messages (half questions, half answers). */
export function benchConversation(messages: number): ChatMessage[] {
  return Array.from({ length: messages / 2 }, (_, index) => benchTurn(index)).flat();
}

/** The text of a message (for tokenizers that take text). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => ('text' in part ? part.text : '')).join('');
}
