// docs/adapters/anthropic.md, "Streaming".
import { StreamInterruptedError, type ChatModel } from '@org/llm-core';

/** Reads thinking, text and tool calls as they stream; keeps what arrived if the stream breaks. */
export async function streamParts(model: ChatModel, signal: AbortSignal): Promise<string> {
  const stream = await model.stream({
    messages: [{ role: 'user', content: 'Weather in Paris and Oslo?' }],
    tools: [
      {
        name: 'get_weather',
        inputSchema: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
      },
    ],
    reasoning: { effort: 'low' },
    abortSignal: signal,
  });
  try {
    for await (const part of stream) {
      switch (part.type) {
        case 'reasoning-delta':
          process.stdout.write(`(${part.delta})`);
          break;
        case 'text-delta':
          process.stdout.write(part.delta);
          break;
        case 'tool-call':
          console.log('\ncall', part.toolCallId, part.toolName, part.input);
          break;
        case 'finish':
          console.log('\n', part.finishReason, part.usage);
          break;
        default:
          break;
      }
    }
    return (await stream.final()).text;
  } catch (error) {
    if (StreamInterruptedError.isInstance(error)) return `${error.partialText} [interrupted]`;
    throw error;
  }
}
