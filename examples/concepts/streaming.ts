// docs/concepts/streaming.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/streaming.ts`.
import {
  ChatStream,
  ConnectionError,
  LlmError,
  RateLimitError,
  ResponseValidationError,
  StreamConsumedError,
  StreamInterruptedError,
  createUsage,
  type ChatModel,
  type ChatResult,
  type ChatStreamPart,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';

/** Text only: the simplest way to show an answer as it arrives. */
export async function streamText(model: ChatModel): Promise<string> {
  const stream = await model.stream({
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  let answer = '';
  for await (const text of stream.textStream) answer += text;
  return answer;
}

/** Every part, for UIs that show reasoning and tool calls too. */
export async function streamParts(model: ChatModel): Promise<string[]> {
  const stream = await model.stream({
    messages: [{ role: 'user', content: 'Weather in Oslo?' }],
  });
  const log: string[] = [];
  for await (const part of stream) {
    switch (part.type) {
      case 'text-delta':
        log.push(`text: ${part.delta}`);
        break;
      case 'reasoning-delta':
        log.push(`thinking: ${part.delta}`);
        break;
      case 'tool-call':
        log.push(`call ${part.toolName}(${JSON.stringify(part.input)})`);
        break;
      case 'finish':
        log.push(`finish: ${part.finishReason.unified}, ${part.usage.outputTokens} tokens`);
        break;
      default:
        // stream-start, response-metadata and the *-start / *-end parts.
        break;
    }
  }
  return log;
}

/** The whole result of a stream, like `generate()` would return it. */
export async function streamToResult(model: ChatModel): Promise<string> {
  const stream = await model.stream({ messages: [{ role: 'user', content: 'Hi' }] });
  const result = await stream.final();
  return `${result.text} (${result.finishReason.unified}, ${result.usage.inputTokens} in)`;
}

/** Two readers of one stream: one shows the text, one keeps the result. */
export async function showAndKeep(model: ChatModel): Promise<[string, number | undefined]> {
  const stream = await model.stream({ messages: [{ role: 'user', content: 'Hi' }] });
  const [forScreen, forLog] = stream.tee();
  const [shown, kept] = await Promise.all([forScreen.text(), forLog.final()]);
  return [shown, kept.usage.outputTokens];
}

/** A stream can be read once; a second reader gets a StreamConsumedError. */
export async function readTwice(model: ChatModel): Promise<string> {
  const stream = await model.stream({ messages: [{ role: 'user', content: 'Hi' }] });
  await stream.text();
  try {
    for await (const part of stream) console.log(part.type);
    return 'read twice';
  } catch (error) {
    if (StreamConsumedError.isInstance(error)) return error.code;
    throw error;
  }
}

/** Before the commit point, a failure rejects `stream()` itself. */
export async function failBeforeContent(model: ChatModel): Promise<string> {
  try {
    await model.stream({ messages: [{ role: 'user', content: 'Hi' }] });
    return 'streaming';
  } catch (error) {
    if (RateLimitError.isInstance(error)) return `rate limited, retry in ${error.retryAfterMs} ms`;
    throw error;
  }
}

/** After the commit point, a failure ends the stream with StreamInterruptedError. */
export async function failMidStream(model: ChatModel): Promise<string> {
  const stream = await model.stream({ messages: [{ role: 'user', content: 'Hi' }] });
  let shown = '';
  try {
    for await (const text of stream.textStream) shown += text;
    return shown;
  } catch (error) {
    if (!StreamInterruptedError.isInstance(error)) throw error;
    // The user has seen `shown`; error.partial.text is the same text.
    const cause = LlmError.isInstance(error.cause) ? error.cause.code : 'unknown';
    return `${error.partial.text}[cut off: ${cause}]`;
  }
}

/** An abort ends the stream with the signal's own reason, unwrapped. */
export async function stopEarly(model: ChatModel): Promise<string> {
  const controller = new AbortController();
  const stream = await model.stream({
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
    abortSignal: controller.signal,
  });
  let shown = '';
  try {
    for await (const text of stream.textStream) {
      shown += text;
      if (shown.length > 10) controller.abort(new Error('The user pressed stop.'));
    }
  } catch (error) {
    if (error !== controller.signal.reason) throw error;
  }
  return shown;
}

/** A stream you decide not to read: cancel it, which closes its connection at once. */
export async function answerIfWanted(model: ChatModel, wanted: () => boolean): Promise<string> {
  const stream = await model.stream({ messages: [{ role: 'user', content: 'Hi' }] });
  if (!wanted()) {
    stream.cancel();
    return 'not wanted';
  }
  return stream.text();
}

/** The parts as newline-delimited JSON, for a `Response` body. */
export function toNdjsonResponse(stream: ChatStream): Response {
  const body = stream
    .toReadableStream()
    .pipeThrough(
      new TransformStream<ChatStreamPart, string>({
        transform(part, controller) {
          controller.enqueue(`${JSON.stringify(part)}\n`);
        },
      }),
    )
    .pipeThrough(new TextEncoderStream());
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
}

/** A stream built from your own source (here: text pieces), with the checks adapters get. */
export async function fromOwnParts(
  pieces: AsyncIterable<string> | Iterable<string>,
): Promise<string> {
  async function* parts(): AsyncGenerator<ChatStreamPart> {
    yield { type: 'text-start', id: 't1' };
    let count = 0;
    for await (const delta of pieces) {
      count++;
      yield { type: 'text-delta', id: 't1', delta };
    }
    yield { type: 'text-end', id: 't1' };
    yield {
      type: 'finish',
      finishReason: { unified: 'stop', raw: undefined },
      usage: createUsage({ outputTokens: count }),
    };
  }
  const stream = await ChatStream.from(parts(), { provider: 'local', modelId: 'echo' });
  return stream.text();
}

/** A cached result, replayed as a stream. */
export async function replayCached(result: ChatResult): Promise<string[]> {
  const stream = await ChatStream.fromResult(result, { provider: 'cache', modelId: 'replay' });
  const types: string[] = [];
  for await (const part of stream) types.push(part.type);
  return types;
}

/** A source that breaks the part order is refused, not passed on. */
export async function brokenSource(
  pieces: AsyncIterable<string> | Iterable<string>,
): Promise<string> {
  async function* parts(): AsyncGenerator<ChatStreamPart> {
    // Bug: the deltas come without a 'text-start' first.
    for await (const delta of pieces) yield { type: 'text-delta', id: 't1', delta };
  }
  try {
    await ChatStream.from(parts(), { provider: 'custom', modelId: 'buggy' });
    return 'accepted';
  } catch (error) {
    if (ResponseValidationError.isInstance(error)) return error.message;
    throw error;
  }
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const reply = (text: string): MockChatModel => new MockChatModel({ responses: [text] });
  const response = toNdjsonResponse(
    await reply('One two').stream({ messages: [{ role: 'user', content: 'Hi' }] }),
  );
  const ndjson = (await response.text()).trim().split('\n');
  const empty = await new MockChatModel({ responses: [{ text: '' }] }).stream({
    messages: [{ role: 'user', content: 'Say nothing.' }],
  });
  return {
    streamText: await streamText(reply('Hello there!')),
    streamParts: await streamParts(
      new MockChatModel({
        responses: [
          {
            reasoning: 'Look it up.',
            text: 'Checking.',
            toolCalls: [{ toolCallId: 'c1', toolName: 'get_weather', input: { city: 'Oslo' } }],
          },
        ],
      }),
    ),
    streamToResult: await streamToResult(reply('Hi!')),
    showAndKeep: await showAndKeep(reply('Two readers')),
    readTwice: await readTwice(reply('Once')),
    failBeforeContent: await failBeforeContent(
      new MockChatModel({
        responses: [
          { error: new RateLimitError('Slow down.', { kind: 'throttled', retryAfterMs: 2000 }) },
        ],
      }),
    ),
    failMidStream: await failMidStream(
      new MockChatModel({
        responses: [
          {
            text: 'The answer is forty-two.',
            failAfterChunks: { chunks: 2, error: new ConnectionError('socket hang up') },
          },
        ],
      }),
    ),
    answerIfWanted: [
      await answerIfWanted(reply('Wanted.'), () => true),
      await answerIfWanted(reply('Not read.'), () => false),
    ],
    stopEarly: await stopEarly(
      new MockChatModel({
        responses: [{ text: 'Once upon a time there was', stallAfterChunks: 3 }],
      }),
    ),
    ndjson: ndjson.map((line) => (JSON.parse(line) as ChatStreamPart).type),
    emptyCommitted: empty.committed,
    emptyText: await empty.text(),
    fromOwnParts: await fromOwnParts(['Hello ', 'from ', 'a local model.']),
    replayCached: await replayCached(
      await reply('Cached answer').generate({ messages: [{ role: 'user', content: 'Hi' }] }),
    ),
    brokenSource: await brokenSource(['oops']),
  };
}

if (import.meta.main) console.log(await main());
