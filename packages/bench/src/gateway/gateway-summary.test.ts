import { describe, expect, it } from 'vitest';
import type { GatewayBenchResults, PacedRound } from './gateway-results.ts';
import { renderGatewaySection, summarizeGatewayBench } from './gateway-summary.ts';

function round(
  round: number,
  target: 'direct' | 'gateway',
  p50Ms: number,
  p99Ms: number,
): PacedRound {
  return {
    round,
    rate: 1000,
    scenario: 'json',
    target,
    p50Ms,
    p90Ms: p50Ms,
    p99Ms,
    achievedRate: 1000,
    errors: 0,
    requests: 5000,
    gatewayCpuMicrosPerRequest: target === 'gateway' ? 300 : undefined,
  };
}

const results: GatewayBenchResults = {
  date: '2026-11-26T12:00:00.000Z',
  machine: 'test machine',
  loadAverage: 1,
  command: 'pnpm bench -- --gateway',
  settings: {
    rates: [1000],
    durationMs: 5000,
    rounds: 3,
    connections: 64,
    throughputDurationS: 5,
    throughputConnections: 32,
  },
  paced: [
    round(0, 'direct', 1.0, 2.0),
    round(0, 'gateway', 1.5, 2.5),
    // A noisy round for both: the per-round difference cancels it.
    round(1, 'direct', 9.0, 30.0),
    round(1, 'gateway', 9.4, 30.9),
    round(2, 'direct', 1.1, 2.2),
    round(2, 'gateway', 1.7, 3.4),
  ],
  throughput: [],
};

describe('summarizeGatewayBench', () => {
  it('takes the added latency as the median of per-round differences', () => {
    const [json] = summarizeGatewayBench(results);
    expect(json!.addedP50.median).toBeCloseTo(0.5, 9);
    expect(json!.addedP99.median).toBeCloseTo(0.9, 9);
    expect(json!.addedP99.min).toBeCloseTo(0.5, 9);
    expect(json!.addedP99.max).toBeCloseTo(1.2, 9);
    expect(json!.p50.direct.median).toBe(1.1);
  });

  it('says whether the 1 ms target at 1,000 requests per second is met', () => {
    expect(renderGatewaySection(results)).toContain('JSON answer: **meets** the target');
  });
});
