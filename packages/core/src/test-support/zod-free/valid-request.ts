// A valid request checked, a stream read and a tool defined: none needs zod.
import {
  ChatStream,
  createUsage,
  tool,
  validateChatRequest,
  type ChatStreamPart,
} from '../../index.ts';

await validateChatRequest({
  system: 'Be brief.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  temperature: 0.2,
});
// eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable source
async function* parts(): AsyncGenerator<ChatStreamPart> {
  yield { type: 'text-start', id: '0' };
  yield { type: 'text-delta', id: '0', delta: 'Hi' };
  yield { type: 'text-end', id: '0' };
  yield {
    type: 'finish',
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: createUsage({ inputTokens: 1, outputTokens: 1 }),
  };
}
await (await ChatStream.from(parts(), { provider: 'p', modelId: 'm' })).final();
// A schema-like object, as tool() needs only its toJSONSchema method.
tool({
  name: 'noop',
  inputSchema: {
    toJSONSchema: () => ({ type: 'object', properties: {} }),
  } as never,
  execute: () => 'ok',
});
