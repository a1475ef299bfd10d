/**
 * Contract suites for Vitest: `describeChatModelContract`, which every `ChatModel` adapter runs,
 * and `describeConversationStoreContract`, which every conversation store runs.
 *
 * @module @org/llm-testkit/vitest
 */

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
