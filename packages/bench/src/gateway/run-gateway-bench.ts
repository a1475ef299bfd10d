// `pnpm bench -- --gateway`: the load test of @org/llm-gateway. The fake
// provider server and the gateway each run in their own process; this
// process is the load generator. Each round measures, in a fresh random
// order, the fake server called directly and the same call through the
// gateway, for a JSON answer and a streamed one:
//
// - latency at a fixed rate (paced-load.ts: open loop, sub-ms latencies);
// - throughput with autocannon (closed loop: as many requests as the target
//   answers with N connections).
//
// Results go to packages/bench/results/gateway.json; with --write-docs the
// "Gateway overhead" section of docs/benchmarks.md is regenerated.
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { formatWithPrettier } from '../format-with-prettier.ts';
import { startJsonLineChild } from './child-process.ts';
import { gatewayBenchKey, gatewayRequestBody } from './gateway-payload.ts';
import type {
  GatewayBenchResults,
  GatewayScenario,
  GatewayTarget,
  PacedRound,
  ThroughputRound,
} from './gateway-results.ts';
import { pacedLoad, quantile } from './paced-load.ts';

export const gatewayResultsFile = new URL('../../results/gateway.json', import.meta.url);

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The two targets in an order drawn from the round number, so neither always runs first. */
function order(round: number): GatewayTarget[] {
  return round % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
}

function throughput(
  url: string,
  body: string,
  durationS: number,
  connections: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/v1/chat/completions`,
        method: 'POST',
        headers: { authorization: `Bearer ${gatewayBenchKey}`, 'content-type': 'application/json' },
        body,
        connections,
        duration: durationS,
      },
      (error, result) => {
        if (error !== null && error !== undefined)
          reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
  });
}

/** Runs the gateway load test; returns the results it saved. */
export async function runGatewayBench(quick: boolean): Promise<GatewayBenchResults> {
  const settings = {
    rates: [200, 1000],
    durationMs: quick ? 3000 : 5000,
    rounds: quick ? 2 : 4,
    connections: 64,
    throughputDurationS: quick ? 3 : 5,
    throughputConnections: 32,
  };
  const fake = await startJsonLineChild(new URL('./gateway-fake-process.ts', import.meta.url), []);
  const fakeUrl = fake.first.url as string;
  const gateway = await startJsonLineChild(new URL('./gateway-process.ts', import.meta.url), [
    fakeUrl,
  ]);
  const gatewayUrl = gateway.first.url as string;
  const urls: Record<GatewayTarget, string> = { direct: fakeUrl, gateway: gatewayUrl };
  const paced: PacedRound[] = [];
  const throughputRounds: ThroughputRound[] = [];
  const started = Date.now();
  const loadAverage = loadavg()[0] ?? 0;
  try {
    for (const scenario of ['json', 'stream'] as GatewayScenario[]) {
      const body = gatewayRequestBody(scenario === 'stream');
      // Warm-up: JIT, connection pools, the gateway's first requests.
      for (const target of ['direct', 'gateway'] as GatewayTarget[]) {
        await pacedLoad({
          origin: urls[target],
          path: '/v1/chat/completions',
          headers: {
            authorization: `Bearer ${gatewayBenchKey}`,
            'content-type': 'application/json',
          },
          body,
          rate: 1000,
          durationMs: 1500,
          connections: settings.connections,
        });
      }
      for (let round = 0; round < settings.rounds * settings.rates.length; round++) {
        const rate = settings.rates[round % settings.rates.length]!;
        for (const target of order(Math.floor(round / settings.rates.length))) {
          const cpuBefore =
            target === 'gateway' ? ((await gateway.ask('cpu')).cpuMicros as number) : 0;
          const result = await pacedLoad({
            origin: urls[target],
            path: '/v1/chat/completions',
            headers: {
              authorization: `Bearer ${gatewayBenchKey}`,
              'content-type': 'application/json',
            },
            body,
            rate,
            durationMs: settings.durationMs,
            connections: settings.connections,
          });
          const cpuAfter =
            target === 'gateway' ? ((await gateway.ask('cpu')).cpuMicros as number) : 0;
          const requests = result.latenciesMs.length + result.errors;
          const entry: PacedRound = {
            round: Math.floor(round / settings.rates.length),
            rate,
            scenario,
            target,
            p50Ms: quantile(result.latenciesMs, 0.5),
            p90Ms: quantile(result.latenciesMs, 0.9),
            p99Ms: quantile(result.latenciesMs, 0.99),
            achievedRate: result.achievedRate,
            errors: result.errors,
            requests,
            gatewayCpuMicrosPerRequest:
              target === 'gateway' ? (cpuAfter - cpuBefore) / requests : undefined,
          };
          paced.push(entry);
          log(
            `  ${scenario} at ${rate}/s round ${entry.round + 1} ${target}: p50 ${entry.p50Ms.toFixed(3)} ms, p99 ${entry.p99Ms.toFixed(3)} ms at ${entry.achievedRate.toFixed(0)} req/s, ${entry.errors} errors${entry.gatewayCpuMicrosPerRequest === undefined ? '' : `, gateway CPU ${entry.gatewayCpuMicrosPerRequest.toFixed(0)} µs/request`}`,
          );
        }
      }
      for (let round = 0; round < 2; round++) {
        for (const target of order(round)) {
          const result = await throughput(
            urls[target],
            body,
            settings.throughputDurationS,
            settings.throughputConnections,
          );
          throughputRounds.push({
            round,
            scenario,
            target,
            requestsPerSecond: result.requests.average,
            errors: result.errors + result.non2xx,
          });
          log(
            `  ${scenario} throughput round ${round + 1} ${target}: ${result.requests.average.toFixed(0)} req/s`,
          );
        }
      }
    }
  } finally {
    await gateway.stop();
    await fake.stop();
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const results: GatewayBenchResults = {
    date: new Date(started).toISOString(),
    loadAverage,
    machine: `Node ${process.version}, ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}; a shared machine`,
    command: `pnpm bench -- --gateway${quick ? ' --quick' : ''}`,
    settings,
    paced,
    throughput: throughputRounds,
  };
  mkdirSync(new URL('../../results/', import.meta.url), { recursive: true });
  writeFileSync(
    gatewayResultsFile,
    await formatWithPrettier(JSON.stringify(results, null, 2), gatewayResultsFile),
  );
  return results;
}
