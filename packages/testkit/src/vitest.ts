// @org/llm-testkit/vitest: contract suites for Vitest.

export type {
  ChatModelContractOptions,
  ContractCapabilities,
} from './contract/describe-chat-model-contract.ts';
export { describeChatModelContract } from './contract/describe-chat-model-contract.ts';
export type { ContractScenario } from './contract/contract-scenario.ts';
export type { ConversationStoreContractOptions } from './contract/describe-conversation-store-contract.ts';
export {
  describeConversationStoreContract,
  everyMessageShape,
} from './contract/describe-conversation-store-contract.ts';
