import type { ConversationStore } from '@org/llm-core';
import type { GatewayKeyring } from './auth/gateway-keyring.ts';
import type { ModelRouter } from './chat/model-router.ts';
import type { GatewayClock } from './circuits/gateway-clock.ts';
import type { KeyLimits } from './limits/key-limits.ts';
import type { MetricsSource } from './routes/metrics-route.ts';
import type { GatewayState } from './state/gateway-state.ts';

/** What every route reads: the gateway's services, built once by `createGateway`. */
export interface GatewayContext {
  /** The gateway keys. */
  readonly keyring: GatewayKeyring;
  /** The served models. */
  readonly models: ModelRouter;
  /** Per-key limits and budgets. */
  readonly limits: KeyLimits;
  /** The shared state (for readiness). */
  readonly state: GatewayState;
  /** Where conversations are stored, if they are. */
  readonly conversations: ConversationStore | undefined;
  /** The clock. */
  readonly clock: GatewayClock;
  /** Largest request body, in bytes. */
  readonly maxBodyBytes: number;
  /** What `/metrics` serves. */
  readonly metrics: MetricsSource | undefined;
  /** Whether the gateway is shutting down. */
  draining(): boolean;
  /** Reports an unexpected error (one the client only sees as a 500). */
  report(error: unknown): void;
}
