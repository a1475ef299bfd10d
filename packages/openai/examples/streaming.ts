// docs/adapters/openai.md, "Streaming".
import type { ChatModel } from '@org/llm-core';

/** Reads every part of a streamed answer with tool calls, stopping after 30 s of silence at most. */
export async function streamParts(model: ChatModel): Promise<void> {
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
    abortSignal: AbortSignal.timeout(30_000),
  });
  for await (const part of stream) {
    switch (part.type) {
      case 'response-metadata':
        if (part.headers) console.log('request id', part.headers['x-request-id']);
        break;
      case 'text-delta':
        process.stdout.write(part.delta);
        break;
      case 'tool-call':
        console.log('\ncall', part.toolName, part.input);
        break;
      case 'finish':
        console.log('\n', part.finishReason.unified, part.usage);
        break;
      default:
        break;
    }
  }
}
