import { describe, expectTypeOf, it } from 'vitest';
import type { AnthropicMessagesRequestBody } from './anthropic-request-body.ts';
import type { FakeProviderServer } from './create-fake-provider-server.ts';
import type { OpenAIChatRequestBody, OpenAIRequestMessage } from './openai-request-body.ts';

declare const server: FakeProviderServer;

describe('RecordedRequest.bodyAs', () => {
  it('types the body by the endpoint it names', () => {
    expectTypeOf(server.lastRequest.bodyAs('openai-chat')).toEqualTypeOf<OpenAIChatRequestBody>();
    expectTypeOf(
      server.lastRequest.bodyAs('anthropic-messages'),
    ).toEqualTypeOf<AnthropicMessagesRequestBody>();
    expectTypeOf(server.lastRequest.bodyAs('openai-chat').messages).toEqualTypeOf<
      readonly OpenAIRequestMessage[]
    >();
    expectTypeOf(server.lastRequest.bodyAs('openai-chat').model).toBeString();
    // The raw body stays unknown: reading it needs bodyAs (or a check).
    expectTypeOf(server.lastRequest.body).toBeUnknown();
  });

  it('takes endpoint names only', () => {
    // @ts-expect-error 'openai' is a wire, not an endpoint ('openai-chat')
    server.lastRequest.bodyAs('openai');
  });
});
