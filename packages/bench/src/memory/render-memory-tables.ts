import type { Table } from '../render-tables.ts';
import {
  uncachedMessages,
  type MemoryBenchResults,
  type OperationFigures,
} from './run-memory-bench.ts';

const ms = (value: number): string =>
  value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(2)} ms`;
const cell = (figures: OperationFigures | undefined): string =>
  figures === undefined ? '—' : `${ms(figures.p50)} / ${ms(figures.p99)}`;

/** Per-operation p50 / p99 of every store on the 1,000-message conversation. */
export function memoryTable(results: MemoryBenchResults): Table {
  return {
    title: `Conversation memory: one turn on a ${results.settings.messages}-message conversation (p50 / p99)`,
    headers: [
      'store',
      'load',
      `trim to ${results.settings.windowTokens} tokens`,
      'append a turn',
      'turn (all three)',
    ],
    rows: results.subjects
      .filter((subject) => subject.skipped === undefined)
      .map((subject) => [
        subject.label,
        cell(subject.load),
        cell(subject.trim),
        cell(subject.append),
        cell(subject.turn),
      ]),
  };
}

/** Tokens counted per second. */
export function tokenizerTable(results: MemoryBenchResults): Table {
  return {
    title: 'Token counting (median over rounds)',
    headers: ['counter', 'tokens per second'],
    rows: results.tokenizers.map((tokenizer) => [
      tokenizer.label,
      `${(tokenizer.tokensPerSecond / 1e6).toFixed(2)} M`,
    ]),
  };
}

/** Subjects not measured, with why. */
export function skippedMemoryTable(results: MemoryBenchResults): Table | undefined {
  const skipped = results.subjects.filter((subject) => subject.skipped !== undefined);
  if (skipped.length === 0) return undefined;
  return {
    title: 'Not measured',
    headers: ['store', 'why'],
    rows: skipped.map((subject) => [subject.label, subject.skipped!]),
    leftColumns: [1],
  };
}

/** What LangChain's trim costs when its counter caches nothing. */
export function langChainUncachedNote(results: MemoryBenchResults): string {
  return `With a counter that caches nothing (what \`trimMessages\` gets from a plain tokenizer function), one LangChain trim of the last ${uncachedMessages} messages took ${ms(results.langChainUncachedTrimMs)}: it counts every prefix of the history again.`;
}
