/** Which answer a gateway figure is about. */
export type GatewayScenario = 'json' | 'stream';

/** What the load generator called. */
export type GatewayTarget = 'direct' | 'gateway';

/** One paced round against one target. */
export interface PacedRound {
  readonly round: number;
  /** The fixed rate of this round, requests per second. */
  readonly rate: number;
  readonly scenario: GatewayScenario;
  readonly target: GatewayTarget;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly achievedRate: number;
  readonly errors: number;
  readonly requests: number;
  /** CPU time of the gateway process per request in this round, µs (gateway target only). */
  readonly gatewayCpuMicrosPerRequest?: number | undefined;
}

/** One autocannon run (closed loop: as fast as the target answers). */
export interface ThroughputRound {
  readonly round: number;
  readonly scenario: GatewayScenario;
  readonly target: GatewayTarget;
  readonly requestsPerSecond: number;
  readonly errors: number;
}

/** Everything one `pnpm bench -- --gateway` run saved (results/gateway.json). */
export interface GatewayBenchResults {
  readonly date: string;
  readonly machine: string;
  /** The 1-minute load average when the run started (other processes on the machine). */
  readonly loadAverage: number;
  readonly command: string;
  readonly settings: {
    /** The fixed rates measured, requests per second (the target is stated at 1,000). */
    readonly rates: readonly number[];
    readonly durationMs: number;
    readonly rounds: number;
    readonly connections: number;
    readonly throughputDurationS: number;
    readonly throughputConnections: number;
  };
  readonly paced: readonly PacedRound[];
  readonly throughput: readonly ThroughputRound[];
}
