// docs/adapters/openai-http.md, "Streaming".
import type { ChatModel } from '@org/llm-core';

/** Reads every part of a streamed answer with tool calls. */
export async function streamParts(model: ChatModel, signal: AbortSignal): Promise<void> {
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
    abortSignal: signal,
  });
  for await (const part of stream) {
    switch (part.type) {
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
  const result = await stream.final(); // the same answer as a ChatResult
  console.log(result.toolCalls.length, result.providerMetadata?.openai?.systemFingerprint);
}
