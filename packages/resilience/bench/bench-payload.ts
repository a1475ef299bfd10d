// The answer both benchmark models give: 300 token-sized text deltas.

/** How many text deltas a streamed answer has. */
export const deltaCount = 300;

/** The deltas of the answer. */
export const deltas: readonly string[] = Array.from(
  { length: deltaCount },
  (_, index) => `word${index % 50} `,
);

/** The whole answer text. */
export const answerText = deltas.join('');

function chunk(delta: object, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`;
}

/** SSE events of the streamed answer, as OpenAI sends them (role, deltas, finish, usage, [DONE]). */
export const sseEvents: readonly string[] = [
  chunk({ role: 'assistant', content: '' }),
  ...deltas.map((content) => chunk({ content })),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [],
    usage: { prompt_tokens: 12, completion_tokens: 300, total_tokens: 312 },
  })}\n\n`,
  'data: [DONE]\n\n',
];

/** The whole SSE body. */
export const sseBody = sseEvents.join('');
