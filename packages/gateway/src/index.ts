/**
 * An OpenAI- and Anthropic-compatible HTTP gateway in front of any @org/llm ChatModel: gateway
 * keys, model allow-lists, RPM/TPM limits and USD budgets, shared through Redis across instances.
 *
 * @module @org/llm-gateway
 */

export type { Gateway, GatewayOptions } from './create-gateway.ts';
export { createGateway } from './create-gateway.ts';
export type { BudgetPeriod, GatewayKey, KeyBudget } from './auth/gateway-key.ts';
export { hashGatewayKey } from './auth/gateway-key.ts';
export type { GatewayModelSource } from './chat/model-router.ts';
export { conversationHeader } from './chat/conversation-id.ts';
export type { GatewayClock, RepeatingTask } from './circuits/gateway-clock.ts';
export { systemClock } from './circuits/gateway-clock.ts';
export type { SharedCircuitBreakersOptions } from './circuits/shared-circuit-breakers.ts';
export { SharedCircuitBreakers } from './circuits/shared-circuit-breakers.ts';
export type { KeyLimit } from './http/key-limit-error.ts';
export { KeyLimitError } from './http/key-limit-error.ts';
export type { MetricsSource } from './routes/metrics-route.ts';
export type {
  BudgetStore,
  CircuitStateStore,
  GatewayState,
  RateCost,
  RateDecision,
  RateLimits,
  RateLimitStore,
} from './state/gateway-state.ts';
export { createInMemoryGatewayState } from './state/in-memory-gateway-state.ts';
export type { RedisClientLike, RedisGatewayStateOptions } from './state/redis-gateway-state.ts';
export { createRedisGatewayState } from './state/redis-gateway-state.ts';
