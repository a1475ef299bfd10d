import { describeChatModelContract } from './vitest.ts';
import { MockChatModel } from './mock-chat-model.ts';

describeChatModelContract({
  name: 'MockChatModel',
  capabilities: { tools: true, parallelToolCalls: true },
  createModel: (scenario) => {
    switch (scenario.type) {
      case 'text':
        return new MockChatModel({
          responses: [{ chunks: scenario.chunks, usage: scenario.usage }],
        });
      case 'tool-calls':
        return new MockChatModel({
          responses: [{ toolCalls: scenario.calls, usage: scenario.usage }],
        });
      case 'stall':
        return new MockChatModel({
          responses: [{ chunks: scenario.chunks, stallAfterChunks: scenario.chunks.length }],
        });
    }
  },
});
