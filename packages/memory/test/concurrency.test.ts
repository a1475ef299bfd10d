// Proof that no turn is lost or duplicated under concurrency: 4 worker
// processes each send 250 turns through `Conversation` to the same 10
// conversations of one store, retrying a turn whose append kept conflicting.
// Afterwards every turn is present exactly once, with its own answer, and
// each conversation's versions run 1, 2, 3... without a gap.
import type { ChatMessage } from '@org/llm-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/test-support/store-spec.ts';
import { removeSqliteFiles, storeTargets } from '../src/test-support/store-targets.ts';
import { exited, nextLine, startWorker } from '../src/test-support/workers.ts';

const workers = 4;
const turnsPerWorker = 250;
const conversations = 10;

const text = (message: ChatMessage | undefined): string =>
  message === undefined
    ? ''
    : typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => ('text' in part ? part.text : `[${part.type}]`)).join('');

afterAll(removeSqliteFiles);

describe('concurrent writers', () => {
  for (const target of storeTargets()) {
    if (target.spec === undefined) {
      console.log(`Skipping the concurrency proof on ${target.name}: ${target.skip ?? ''}.`);
      it.skip(`${target.name}: ${target.skip ?? ''}`, () => undefined);
      continue;
    }
    const spec = target.spec;
    it(`${target.name}: ${workers} processes x ${turnsPerWorker} turns on ${conversations} conversations lose and duplicate nothing`, async () => {
      const label = `concurrency-${Date.now()}`;
      const storeSpec = spec(label);
      // Open once first, so that the workers do not all run the migrations.
      await (await openStore(storeSpec)).close();
      const running = Array.from({ length: workers }, (_, worker) =>
        startWorker({
          mode: 'turns',
          spec: storeSpec,
          worker,
          prefix: label,
          conversations,
          turns: turnsPerWorker,
        }),
      );
      try {
        await Promise.all(running.map((worker) => nextLine(worker, /^ready$/)));
        // Every worker starts at once, so that their turns overlap.
        for (const worker of running) worker.child.stdin!.write('go\n');
        const reports = await Promise.all(running.map((worker) => nextLine(worker, /^\{/)));
        const codes = await Promise.all(running.map(exited));
        expect(codes).toEqual(Array.from({ length: workers }, () => 0));
        const stats = reports.map(
          (line) => JSON.parse(line) as { conflicts: number; retriedTurns: number },
        );
        console.log(
          `${target.name}: ${stats.reduce((sum, report) => sum + report.conflicts, 0)} conflicts, ${stats.reduce((sum, report) => sum + report.retriedTurns, 0)} turns retried after repeated conflicts`,
        );
      } finally {
        for (const worker of running) worker.child.kill('SIGKILL');
      }

      const store = await openStore(storeSpec);
      try {
        const seen: string[] = [];
        for (let index = 0; index < conversations; index++) {
          const id = `${label}-${index}`;
          const loaded = (await store.load(id))!;
          expect(loaded.turns.map((turn) => turn.version)).toEqual(
            Array.from({ length: loaded.turns.length }, (_, position) => position + 1),
          );
          expect(loaded.version).toBe(loaded.turns.length);
          for (const turn of loaded.turns) {
            expect(turn.status).toBe('complete');
            expect(turn.messages).toHaveLength(2);
            const question = text(turn.messages[0]);
            expect(question).toMatch(new RegExp(`^w\\d-t\\d+$`));
            expect(Number(/t(\d+)$/.exec(question)![1]) % conversations).toBe(index);
            expect(text(turn.messages[1])).toBe(`answer to ${question}`);
            seen.push(question);
          }
        }
        const expected = Array.from({ length: workers }, (_, worker) =>
          Array.from({ length: turnsPerWorker }, (_, turn) => `w${worker}-t${turn}`),
        ).flat();
        expect(seen).toHaveLength(workers * turnsPerWorker);
        expect([...seen].sort()).toEqual([...expected].sort());
      } finally {
        await store.close();
      }
    });
  }
});
