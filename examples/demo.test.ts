// `pnpm demo`, the README's first line, run as a newcomer without keys runs
// it: twice, each time in a fresh Node process, on one data directory. Every
// step prints its line, and the second run's conversation remembers what the
// first run said. Nothing may leave the machine: the provider keys are
// removed from the environment, and any request to a host other than
// 127.0.0.1 would go to a proxy that does not exist and fail the run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** The environment of a newcomer without keys (nothing of the test run's own). */
function newcomerEnv(dataDir: string): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([name]) => !/^(OPENAI_|ANTHROPIC_|LLM_|VITEST|https?_proxy$|no_proxy$)/i.test(name),
  );
  const deadProxy = 'http://127.0.0.1:9';
  return {
    ...Object.fromEntries(kept),
    LLM_DEMO_DATA_DIR: dataDir,
    HTTPS_PROXY: deadProxy,
    HTTP_PROXY: deadProxy,
    NO_PROXY: '127.0.0.1',
  };
}

/** Runs `pnpm demo`'s command with the Node running this test (Node 24, the `node` devDependency). */
async function runDemo(dataDir: string): Promise<{ lines: string[]; stderr: string }> {
  const [node, ...args] = scripts.demo!.split(' ');
  expect(node).toBe('node');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
    cwd: root,
    env: newcomerEnv(dataDir),
    timeout: 90_000,
  });
  return { lines: stdout.trimEnd().split('\n'), stderr };
}

/** What varies from run to run, replaced by a name: the port, the data directory, the jittered delay, tokens and cost. */
function normalise(line: string, dataDir: string): string {
  return line
    .replaceAll(dataDir, '<data>')
    .replace(/127\.0\.0\.1:\d+/, '127.0.0.1:<port>')
    .replace(/retried after \d+ ms/, 'retried after <delay> ms')
    .replace(/\d+ tokens, \$[\d.e-]+ by/, '<tokens> tokens, $<cost> by');
}

const onSimulator = 'on the simulator: a real provider cannot be made to do this on demand';

/** The lines every run prints, but the conversation's (index 3). */
const tour = [
  'Providers: openai on the simulator (no OPENAI_API_KEY), anthropic on the simulator (no ANTHROPIC_API_KEY); simulator at http://127.0.0.1:<port>; data in <data>',
  '1. Same request, one string changed: openai:gpt-6-luna says "Too Many Requests: slow down.", anthropic:claude-sonnet-5-5 says "The server is rate limiting you; wait, then retry."',
  '2. Streamed as it arrives: Because retrying sooner only earns another 429, so waiting is the fastest way. (13 pieces, 13 tokens)',
  '<conversation>',
  '4. A typed object from a zod schema: {"city":"Oslo","country":"Norway","population":717710} (city.population is a number)',
  '5. A tool call: the model called get_weather({"city":"Oslo"}), the app\'s function returned {"city":"Oslo","celsius":4}, then the model said "It is 4 °C in Oslo."',
  `6. Rate limited: HTTP 429 with Retry-After 1 s, retried after <delay> ms, then "Answered on the second attempt." (${onSimulator})`,
  `7. Primary down: simulated-openai:gpt-6-luna answered HTTP 503, then 503, so its fallback simulated-anthropic:claude-sonnet-5-5 answered "The fallback answered." (${onSimulator})`,
  '8. Metrics: 9 calls (9 success), 2 retries (1 rate-limit, 1 overloaded), 1 fallback, <tokens> tokens, $<cost> by the catalog prices; Prometheus text in <data>/metrics.prom',
];

/** Sum of the input and output token series of a Prometheus text. */
function tokensIn(exposition: string): number {
  return exposition
    .split('\n')
    .filter((line) => /^llm_tokens_total\{.*type="(input|output)"\}/.test(line))
    .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
}

describe('pnpm demo', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'llm-demo-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Two fresh Node processes that load every package from source: seconds each on a loaded machine.
  it(
    'tours every step on the simulator, and the second run remembers the first',
    { timeout: 180_000 },
    async () => {
      const first = await runDemo(dataDir);
      expect(first.stderr).toBe('');
      expect(first.lines.map((line) => normalise(line, dataDir))).toEqual(
        tour.with(
          3,
          '3. Conversation turn 1 of 2, stored in <data>/conversations.sqlite: "Nice to meet you, Ada." (run pnpm demo again: the next process remembers)',
        ),
      );
      // The wait honours Retry-After (1 s) plus a jitter of at most 10 %.
      const delay = Number(/retried after (\d+) ms/.exec(first.lines[6]!)?.[1]);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(1100);
      // The summary line adds up the tokens the Prometheus text holds.
      const metrics = readFileSync(join(dataDir, 'metrics.prom'), 'utf8');
      expect(first.lines[8]).toContain(`, ${tokensIn(metrics)} tokens, `);
      expect(metrics).toContain(
        'llm_fallbacks_total{provider="simulated-openai",model="gpt-6-luna",to="simulated-anthropic:claude-sonnet-5-5",reason="error"} 1',
      );

      // The simulator answers the name only when turn 1 is in what it was sent.
      const second = await runDemo(dataDir);
      expect(second.stderr).toBe('');
      expect(second.lines.map((line) => normalise(line, dataDir))).toEqual(
        tour.with(
          3,
          '3. Conversation turn 2 of 2, in a new process, with turn 1 read from <data>/conversations.sqlite: "Your name is Ada."',
        ),
      );
    },
  );
});
