// Public API of @org/llm-testkit. The Vitest contract suite lives in ./vitest.

export type {
  MockCall,
  MockChatModelOptions,
  MockFailure,
  MockParts,
  MockReply,
  MockResponse,
  MockToolCall,
} from './mock-chat-model.ts';
export { MockChatModel } from './mock-chat-model.ts';
export type { ContractScenario } from './contract/contract-scenario.ts';
export { checkStreamParts } from './contract/check-stream-parts.ts';
