// `pnpm bench -- --memory`: load + trim + append on a 1,000-message
// conversation for each store (ours, LangChain's, the bare engines), and
// tokens counted per second. Starts its own Redis and PostgreSQL (as the
// memory tests do); a subject whose server is missing is reported as skipped.
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { claudeTokenCounter, openAITokenCounter } from '@org/llm-memory';
import { encode as gptTokenizerEncode } from 'gpt-tokenizer/encoding/o200k_base';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { startPostgres, startRedis, type RunningServer } from '@org/llm-test-support';
import { benchTurn, messageText } from './memory-corpus.ts';
import {
  langChainUncachedTrimMs,
  memoryCorpus,
  memorySubjects,
  windowTokens,
  type MemoryServers,
  type OpenSubject,
} from './memory-subjects.ts';
import { quantile } from '../stats.ts';

/** Per-operation latency in milliseconds. */
export interface OperationFigures {
  readonly p50: number;
  readonly p99: number;
}

export interface MemorySubjectResult {
  readonly id: string;
  readonly label: string;
  readonly kind: 'ours' | 'langchain' | 'floor';
  readonly engine: string;
  readonly skipped?: string | undefined;
  readonly load?: OperationFigures | undefined;
  readonly trim?: OperationFigures | undefined;
  readonly append?: OperationFigures | undefined;
  /** load + trim + append, one turn. */
  readonly turn?: OperationFigures | undefined;
}

export interface TokenizerResult {
  readonly id: string;
  readonly label: string;
  /** Tokens counted per second (median over rounds). */
  readonly tokensPerSecond: number;
}

export interface MemoryBenchResults {
  readonly version: 1;
  readonly date: string;
  readonly command: string;
  readonly quick: boolean;
  readonly durationSeconds: number;
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    /** The 1-minute load average when the run ended (other work on the machine). */
    readonly loadAverage?: number | undefined;
  };
  readonly settings: {
    readonly messages: number;
    readonly iterations: number;
    readonly rounds: number;
    readonly windowTokens: number;
  };
  readonly subjects: readonly MemorySubjectResult[];
  readonly tokenizers: readonly TokenizerResult[];
  /** One LangChain trim of the last {@link uncachedMessages} messages when its counter caches nothing, in milliseconds. */
  readonly langChainUncachedTrimMs: number;
}

/** The uncached LangChain trim is quadratic in the history: measured on the last 200 messages only. */
export const uncachedMessages = 200;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const figures = (samples: readonly number[]): OperationFigures | undefined =>
  samples.length === 0 ? undefined : { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  samples.push(performance.now() - started);
  return result;
}

async function measureTokenizers(
  corpusTexts: readonly string[],
  rounds: number,
): Promise<TokenizerResult[]> {
  const corpus = memoryCorpus();
  const tiktoken = new Tiktoken(o200k);
  const totalTokens = corpusTexts.reduce(
    (sum, text) => sum + tiktoken.encode(text, [], []).length,
    0,
  );
  const subjects: { id: string; label: string; run: () => Promise<unknown> }[] = [
    {
      id: 'ours-openai',
      label: '@org/llm-memory openAITokenCounter (o200k_base, js-tiktoken)',
      run: () => Promise.resolve(openAITokenCounter('o200k_base').countMessages(corpus)),
    },
    {
      id: 'js-tiktoken',
      label: 'js-tiktoken encode alone (o200k_base)',
      run: () => Promise.resolve(corpusTexts.map((text) => tiktoken.encode(text, [], []).length)),
    },
    {
      id: 'gpt-tokenizer',
      label: 'gpt-tokenizer encode (o200k_base)',
      run: () => Promise.resolve(corpusTexts.map((text) => gptTokenizerEncode(text).length)),
    },
    {
      id: 'ours-claude',
      label: '@org/llm-memory claudeTokenCounter (estimate)',
      run: () => Promise.resolve(claudeTokenCounter().countMessages(corpus)),
    },
  ];
  for (const subject of subjects) await subject.run(); // load ranks, warm up
  const perSecond = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) {
      const started = performance.now();
      await subject.run();
      const seconds = (performance.now() - started) / 1000;
      perSecond.set(subject.id, [...(perSecond.get(subject.id) ?? []), totalTokens / seconds]);
    }
  }
  return subjects.map((subject) => ({
    id: subject.id,
    label: subject.label,
    tokensPerSecond: quantile(perSecond.get(subject.id)!, 0.5),
  }));
}

/** Runs the conversation-memory benchmark. */
export async function runMemoryBench(quick: boolean, command: string): Promise<MemoryBenchResults> {
  const started = performance.now();
  const settings = {
    messages: 1000,
    iterations: quick ? 30 : 100,
    rounds: quick ? 2 : 4,
    windowTokens,
  };
  const running: RunningServer[] = [];
  const servers: { -readonly [K in keyof MemoryServers]: MemoryServers[K] } = {
    redis: { skip: '' },
    postgres: { skip: '' },
  };
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  if (redis.ok) {
    running.push(redis.server);
    servers.redis = redis.server.url;
  } else servers.redis = { skip: redis.reason };
  if (postgres.ok) {
    running.push(postgres.server);
    servers.postgres = postgres.server.url;
  } else servers.postgres = { skip: postgres.reason };
  const corpus = memoryCorpus(settings.messages);
  const results: MemorySubjectResult[] = [];
  try {
    const open: { subject: (typeof memorySubjects)[number]; handle: OpenSubject }[] = [];
    for (const subject of memorySubjects) {
      const handle = await subject.open(servers, corpus);
      if (typeof handle === 'string') {
        log(`skipping ${subject.label}: ${handle}`);
        results.push({
          id: subject.id,
          label: subject.label,
          kind: subject.kind,
          engine: subject.engine,
          skipped: handle,
        });
      } else {
        open.push({ subject, handle });
      }
    }
    const samples = new Map(
      open.map(({ subject }) => [
        subject.id,
        {
          load: [] as number[],
          trim: [] as number[],
          append: [] as number[],
          turn: [] as number[],
        },
      ]),
    );
    let turnIndex = settings.messages / 2;
    // Rounds alternate the subjects' order; the first iterations of each are a warm-up (not recorded).
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? open : [...open].reverse();
      for (const { subject, handle } of order) {
        const bucket = samples.get(subject.id)!;
        for (
          let iteration = -(round === 0 ? 5 : 0);
          iteration < settings.iterations / settings.rounds;
          iteration++
        ) {
          const turn = benchTurn(turnIndex++);
          const load: number[] = [];
          const trim: number[] = [];
          const append: number[] = [];
          const begin = performance.now();
          const loaded = await timed(load, () => handle.load());
          if (handle.trim !== undefined) await timed(trim, () => handle.trim!(loaded, turn[0]));
          await timed(append, () => handle.append(turn));
          if (iteration < 0) continue;
          bucket.load.push(...load);
          bucket.trim.push(...trim);
          bucket.append.push(...append);
          bucket.turn.push(performance.now() - begin);
        }
      }
      log(`memory round ${round + 1}/${settings.rounds} done`);
    }
    for (const { subject } of open) {
      const bucket = samples.get(subject.id)!;
      results.push({
        id: subject.id,
        label: subject.label,
        kind: subject.kind,
        engine: subject.engine,
        load: figures(bucket.load),
        trim: figures(bucket.trim),
        append: figures(bucket.append),
        turn: figures(bucket.turn),
      });
    }
    for (const { subject, handle } of open) {
      await handle.close().catch((error: unknown) => {
        log(`closing ${subject.label} failed: ${String(error)}`);
      });
    }
  } finally {
    await Promise.all(running.map((server) => server.stop()));
  }
  const order = new Map(memorySubjects.map((subject, index) => [subject.id, index]));
  results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const tokenizers = await measureTokenizers(corpus.map(messageText), quick ? 3 : 7);
  log('one LangChain trim without a cache...');
  const uncached = await langChainUncachedTrimMs(corpus.slice(-uncachedMessages));
  return {
    version: 1,
    date: new Date().toISOString(),
    command,
    quick,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    },
    settings,
    subjects: results,
    tokenizers,
    langChainUncachedTrimMs: uncached,
  };
}
