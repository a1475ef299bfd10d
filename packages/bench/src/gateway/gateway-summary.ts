import { existsSync, readFileSync } from 'node:fs';
import type { GatewayBenchResults, GatewayScenario, GatewayTarget } from './gateway-results.ts';

/** A figure over rounds: its median and its range. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/** One scenario's figures: per target, and the gateway's additions paired round by round. */
export interface GatewayScenarioSummary {
  readonly scenario: GatewayScenario;
  /** Requests per second of the paced rounds. */
  readonly rate: number;
  readonly p50: Readonly<Record<GatewayTarget, Spread>>;
  readonly p99: Readonly<Record<GatewayTarget, Spread>>;
  readonly addedP50: Spread;
  readonly addedP99: Spread;
  readonly achievedRate: Spread;
  readonly errors: number;
  readonly gatewayCpuMicros: Spread;
  readonly throughput: Readonly<Record<GatewayTarget, Spread>>;
}

/** Summarises a run: medians over rounds, and the added latency as the median of per-round differences. */
export function summarizeGatewayBench(results: GatewayBenchResults): GatewayScenarioSummary[] {
  const pairs = (['json', 'stream'] as const).flatMap((scenario) =>
    results.settings.rates.map((rate) => ({ scenario, rate })),
  );
  return pairs.map(({ scenario, rate }) => {
    const rounds = results.paced.filter(
      (round) => round.scenario === scenario && round.rate === rate,
    );
    const of = (target: GatewayTarget) => rounds.filter((round) => round.target === target);
    const paired = of('gateway').flatMap((gateway) => {
      const direct = of('direct').find((round) => round.round === gateway.round);
      return direct === undefined ? [] : [{ gateway, direct }];
    });
    const throughputOf = (target: GatewayTarget) =>
      spread(
        results.throughput
          .filter((round) => round.scenario === scenario && round.target === target)
          .map((round) => round.requestsPerSecond),
      );
    return {
      scenario,
      rate,
      p50: {
        direct: spread(of('direct').map((r) => r.p50Ms)),
        gateway: spread(of('gateway').map((r) => r.p50Ms)),
      },
      p99: {
        direct: spread(of('direct').map((r) => r.p99Ms)),
        gateway: spread(of('gateway').map((r) => r.p99Ms)),
      },
      addedP50: spread(paired.map(({ gateway, direct }) => gateway.p50Ms - direct.p50Ms)),
      addedP99: spread(paired.map(({ gateway, direct }) => gateway.p99Ms - direct.p99Ms)),
      achievedRate: spread(of('gateway').map((r) => r.achievedRate)),
      errors: rounds.reduce((sum, round) => sum + round.errors, 0),
      gatewayCpuMicros: spread(
        of('gateway').map((r) => r.gatewayCpuMicrosPerRequest ?? Number.NaN),
      ),
      throughput: { direct: throughputOf('direct'), gateway: throughputOf('gateway') },
    };
  });
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;
const range = (s: Spread, format: (value: number) => string): string =>
  `${format(s.median)} (${format(s.min)} to ${format(s.max)})`;

const titles: Readonly<Record<GatewayScenario, string>> = {
  json: 'JSON answer',
  stream: 'streamed answer (65 chunks)',
};

/** The "Gateway overhead" section of docs/benchmarks.md. */
export function renderGatewaySection(results: GatewayBenchResults): string {
  const summaries = summarizeGatewayBench(results);
  const s = results.settings;
  const rows = summaries.map((summary) =>
    [
      titles[summary.scenario],
      `${summary.rate}/s`,
      `${ms(summary.p50.direct.median)} / ${ms(summary.p99.direct.median)}`,
      `${ms(summary.p50.gateway.median)} / ${ms(summary.p99.gateway.median)}`,
      range(summary.addedP50, ms),
      range(summary.addedP99, ms),
      range(summary.gatewayCpuMicros, (value) => `${value.toFixed(0)} µs`),
    ].join(' | '),
  );
  const throughputRows = summaries
    .filter((summary) => summary.rate === s.rates[0])
    .map((summary) =>
      [
        titles[summary.scenario],
        range(summary.throughput.direct, (value) => value.toFixed(0)),
        range(summary.throughput.gateway, (value) => value.toFixed(0)),
      ].join(' | '),
    );
  const verdicts = summaries
    .filter((summary) => summary.rate === 1000)
    .map(
      (summary) =>
        `- ${titles[summary.scenario]}: ${summary.addedP99.median <= 1 ? '**meets**' : '**misses**'} the target of at most 1 ms added at p99 at 1,000 requests per second (median of ${s.rounds} rounds: ${ms(summary.addedP99.median)}; rounds ranged ${ms(summary.addedP99.min)} to ${ms(summary.addedP99.max)}).`,
    );
  const saturated = summaries.filter((summary) => summary.p50.direct.median > 10);
  const reading = [
    ...saturated.map(
      (summary) =>
        `- ${titles[summary.scenario]} at ${summary.rate}/s: the fake server called directly already answered in ${ms(summary.p50.direct.median)} at p50 (it answers in about a millisecond when idle), so the machine could not sustain this rate during the run and the "added" figure measures queueing behind other processes, not the gateway's work.`,
    ),
    ...summaries
      .filter((summary) => summary.rate === s.rates[0])
      .map(
        (summary) =>
          `- ${titles[summary.scenario]}: the gateway spent ${summary.gatewayCpuMicros.median.toFixed(0)} µs of CPU per request (rounds ranged ${summary.gatewayCpuMicros.min.toFixed(0)} to ${summary.gatewayCpuMicros.max.toFixed(0)} µs), so 1,000 requests per second need about ${((summary.gatewayCpuMicros.median * 1000) / 1e6).toFixed(2)} of a core for the gateway alone, besides the load generator and the fake server on the same cores. A large part of it is the upstream call through \`@org/llm-openai-http\`, which any gateway pays (its CPU per request and per chunk are in the adapter tables above); the rest is the gateway's HTTP server, the two wire translations and the limiter.`,
      ),
  ];
  return [
    '## Gateway overhead',
    '',
    '`@org/llm-gateway` (issue #13) in front of the fake server, against the same requests sent to the',
    'fake server directly. Run it with `npx -y pnpm@12 bench -- --gateway` (about 4 minutes; add',
    '`--write-docs` to regenerate this page from it and the saved adapter results).',
    '',
    `- Command: \`${results.command}\`; ${results.date.slice(0, 16).replace('T', ' ')} UTC; ${results.machine}; 1-minute load average ${results.loadAverage.toFixed(1)} when it started (other processes share the cores).`,
    '- Three processes: the fake server, the gateway (`createGateway` over `@org/llm-openai-http`, in-memory',
    '  state, a key with RPM and TPM limits so the limiter runs), and the load generator. The request is a',
    '  system and a user message; the answer 64 words, as JSON (about 1 KB) or as 65 SSE chunks plus the',
    '  usage chunk.',
    `- **Latency** at fixed rates of ${s.rates.join(' and ')} requests per second: an open-loop generator (undici, ${s.connections}`,
    `  connections) sends request _i_ at _start + i / rate_ and times it from then to the last byte of the`,
    '  answer, in sub-millisecond resolution, so a stall counts against the requests it delays. Each round',
    `  runs both targets for ${s.durationMs / 1000} s each, in alternating order; ${s.rounds} rounds per rate after a warm-up.`,
    '  _Added_ is gateway minus direct within the same round, then the median over rounds (range in',
    "  brackets). autocannon is not used for these: its rate limit sends each connection's quota in a burst at",
    '  the start of every second, and its histogram counts whole milliseconds.',
    `- **Throughput**: autocannon, closed loop, ${s.throughputConnections} connections, ${s.throughputDurationS} s per target and round:`,
    '  requests per second answered, direct and through the gateway (the three processes share the cores, so',
    "  this is the whole setup's capacity on this machine, not the gateway's alone).",
    '- **Gateway CPU**: user plus system time of the gateway process per request during the paced rounds.',
    '',
    '| answer | rate | direct p50 / p99 | through the gateway p50 / p99 | added at p50 | added at p99 | gateway CPU per request |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...rows.map((row) => `| ${row} |`),
    '',
    '| answer | direct, requests/s | through the gateway, requests/s |',
    '| --- | --: | --: |',
    ...throughputRows.map((row) => `| ${row} |`),
    '',
    ...verdicts,
    '',
    '**Reading these figures.**',
    '',
    ...reading,
    '',
    "**Compared with LiteLLM.** LiteLLM's documentation gives its proxy's overhead as 3.25 ms of added",
    'latency against calling the OpenAI API directly ([LiteLLM Proxy Performance](https://docs.litellm.ai/docs/proxy/perf)),',
    'and, against a fake OpenAI endpoint at about 1,000 requests per second, a "LiteLLM Overhead Duration" of',
    '12 ms median and 43 ms at p99 with two 4-CPU instances, 2 ms median and 13 ms at p99 with four',
    '([LiteLLM Benchmarks](https://docs.litellm.ai/docs/benchmarks)). Those figures come from other machines',
    "and from LiteLLM's own timer inside the proxy, so they compare in order of magnitude only: the figures",
    'above are end to end, on one shared 2-core machine that also runs the fake server and the load',
    'generator.',
  ].join('\n');
}

const resultsFile = new URL('../../results/gateway.json', import.meta.url);

/** The section from the saved gateway results, or `undefined` when the gateway benchmark never ran here. */
export function savedGatewaySection(): string | undefined {
  if (!existsSync(resultsFile)) return undefined;
  return renderGatewaySection(JSON.parse(readFileSync(resultsFile, 'utf8')) as GatewayBenchResults);
}

/** A short text table of a run, for the terminal. */
export function printGatewaySummary(results: GatewayBenchResults): string {
  return summarizeGatewayBench(results)
    .map(
      (summary) =>
        `${titles[summary.scenario]} at ${summary.rate}/s: direct p50 ${ms(summary.p50.direct.median)} p99 ${ms(summary.p99.direct.median)}; gateway p50 ${ms(summary.p50.gateway.median)} p99 ${ms(summary.p99.gateway.median)}; added p50 ${range(summary.addedP50, ms)}, p99 ${range(summary.addedP99, ms)}; gateway CPU ${summary.gatewayCpuMicros.median.toFixed(0)} µs/request; throughput direct ${summary.throughput.direct.median.toFixed(0)} req/s, gateway ${summary.throughput.gateway.median.toFixed(0)} req/s`,
    )
    .join('\n');
}
