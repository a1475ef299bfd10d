import type { ChatResult } from '../spec/chat-result.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';

/**
 * The stream parts that describe a complete result, in a valid order: for
 * replaying a cached or non-streamed answer as a stream. Tool-call arguments
 * are sent as one delta of their JSON text.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async so it is an AsyncIterable, like every stream source.
export async function* resultToStreamParts(
  result: ChatResult,
): AsyncGenerator<ChatStreamPart, void, undefined> {
  yield { type: 'stream-start', warnings: result.warnings };
  yield {
    type: 'response-metadata',
    id: result.response.id,
    modelId: result.response.modelId,
    headers: result.response.headers,
  };
  let index = 0;
  for (const part of result.content) {
    const id = String(index++);
    switch (part.type) {
      case 'text':
        yield { type: 'text-start', id };
        if (part.text !== '') yield { type: 'text-delta', id, delta: part.text };
        yield { type: 'text-end', id };
        break;
      case 'reasoning':
        yield { type: 'reasoning-start', id };
        if (part.text !== '') yield { type: 'reasoning-delta', id, delta: part.text };
        yield {
          type: 'reasoning-end',
          id,
          signature: part.signature,
          redactedData: part.redactedData,
        };
        break;
      case 'tool-call':
        yield { type: 'tool-call-start', toolCallId: part.toolCallId, toolName: part.toolName };
        {
          const delta = argumentText(part.input);
          if (delta !== undefined)
            yield { type: 'tool-call-delta', toolCallId: part.toolCallId, delta };
        }
        yield { type: 'tool-call-end', toolCallId: part.toolCallId };
        yield {
          type: 'tool-call',
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: part.input,
          providerOptions: part.providerOptions,
        };
        break;
      default:
        part satisfies never;
    }
  }
  yield {
    type: 'finish',
    finishReason: result.finishReason,
    usage: result.usage,
    providerMetadata: result.providerMetadata,
  };
}

/**
 * A tool call's input as the JSON text a stream would have carried; none for
 * an input `JSON.stringify` cannot write (nested too deeply for its
 * recursion): the `tool-call` part still carries the input itself.
 */
function argumentText(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  try {
    return JSON.stringify(input);
  } catch {
    return undefined;
  }
}
