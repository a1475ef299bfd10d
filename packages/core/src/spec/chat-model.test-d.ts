import { describe, expectTypeOf, it } from 'vitest';
import type { AssistantContentPart, ImagePart, ToolCallPart } from '../messages/content-parts.ts';
import type { ChatMessage, UserMessage } from '../messages/messages.ts';
import type { ChatStream } from '../stream/chat-stream.ts';
import type { ChatModel } from './chat-model.ts';
import type { ChatRequest } from './chat-request.ts';
import type { ChatResult } from './chat-result.ts';
import type { ChatStreamPart } from './chat-stream-part.ts';
import type { UnifiedFinishReason } from './finish-reason.ts';
import type { Usage } from './usage.ts';

describe('public spec types', () => {
  it('pins the ChatModel shape', () => {
    expectTypeOf<ChatModel['specificationVersion']>().toEqualTypeOf<'v1'>();
    expectTypeOf<ChatModel['generate']>().returns.toEqualTypeOf<Promise<ChatResult>>();
    expectTypeOf<ChatModel['stream']>().returns.toEqualTypeOf<Promise<ChatStream>>();
    expectTypeOf<ChatModel['stream']>().parameter(0).toEqualTypeOf<ChatRequest>();
  });

  it('keeps usage fields numeric or undefined', () => {
    expectTypeOf<Usage['inputTokens']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<keyof Usage>().toEqualTypeOf<
      'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'reasoningTokens'
    >();
  });

  it('lists the unified finish reasons', () => {
    expectTypeOf<UnifiedFinishReason>().toEqualTypeOf<
      'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other'
    >();
  });

  it('lists every stream part type', () => {
    expectTypeOf<ChatStreamPart['type']>().toEqualTypeOf<
      | 'stream-start'
      | 'response-metadata'
      | 'text-start'
      | 'text-delta'
      | 'text-end'
      | 'reasoning-start'
      | 'reasoning-delta'
      | 'reasoning-end'
      | 'tool-call-start'
      | 'tool-call-delta'
      | 'tool-call-end'
      | 'tool-call'
      | 'finish'
    >();
  });

  it('narrows messages and parts by their discriminant', () => {
    expectTypeOf<Extract<ChatMessage, { role: 'user' }>>().toEqualTypeOf<UserMessage>();
    expectTypeOf<AssistantContentPart['type']>().toEqualTypeOf<
      'text' | 'tool-call' | 'reasoning'
    >();
    expectTypeOf<ChatResult['toolCalls']>().toEqualTypeOf<readonly ToolCallPart[]>();
  });

  it('rejects wrong code at compile time', () => {
    // @ts-expect-error an image needs a url or data with a media type
    const _image: ImagePart = { type: 'image' };
    const _user: UserMessage = {
      role: 'user',
      // @ts-expect-error tool calls cannot appear in user messages
      content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'b', input: {} }],
    };
    // @ts-expect-error unknown roles do not compile
    const _robot: ChatMessage = { role: 'robot', content: 'beep' };
    // @ts-expect-error temperature is a number
    const _request: ChatRequest = { messages: [], temperature: 'hot' };
  });
});
