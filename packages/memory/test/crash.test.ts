// Proof that a writer killed with SIGKILL in the middle of its appends leaves
// every store readable and consistent: a process appends large turns as fast
// as it can and is killed once it has written a few; then every conversation
// loads, its versions run 1, 2, 3... without a gap, every turn is whole, and
// the next append succeeds at the version read.
import type { ChatMessage } from '@org/llm-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/test-support/store-spec.ts';
import { removeSqliteFiles, storeTargets } from '../src/test-support/store-targets.ts';
import { exited, nextLine, startWorker } from '../src/test-support/workers.ts';

const conversations = 3;

const text = (message: ChatMessage | undefined): string =>
  typeof message?.content === 'string' ? message.content : '';

afterAll(removeSqliteFiles);

describe('a writer killed mid-append', () => {
  for (const target of storeTargets()) {
    if (target.spec === undefined) {
      console.log(`Skipping the crash proof on ${target.name}: ${target.skip ?? ''}.`);
      it.skip(`${target.name}: ${target.skip ?? ''}`, () => undefined);
      continue;
    }
    const spec = target.spec;
    it(`${target.name}: leaves every conversation readable and consistent`, async () => {
      const label = `crash-${Date.now()}`;
      const storeSpec = spec(label);
      await (await openStore(storeSpec)).close();
      const writer = startWorker({
        mode: 'crash',
        spec: storeSpec,
        worker: 0,
        prefix: label,
        conversations,
        turns: 0,
      });
      try {
        // Killed while it keeps appending (each turn is 400 KB, so most of its time is spent writing).
        await nextLine(writer, /^appended 12$/);
      } finally {
        writer.child.kill('SIGKILL');
      }
      await exited(writer);
      expect(writer.child.signalCode).toBe('SIGKILL');

      const store = await openStore(storeSpec);
      try {
        let total = 0;
        for (let index = 0; index < conversations; index++) {
          const id = `${label}-${index}`;
          const loaded = (await store.load(id))!;
          expect(loaded.turns.map((turn) => turn.version)).toEqual(
            Array.from({ length: loaded.version }, (_, position) => position + 1),
          );
          for (const turn of loaded.turns) {
            expect(turn.messages).toHaveLength(2);
            expect(text(turn.messages[0]).startsWith(`question ${turn.version} `)).toBe(true);
            expect(text(turn.messages[1]).startsWith(`answer ${turn.version} `)).toBe(true);
            expect(text(turn.messages[1])).toHaveLength(text(turn.messages[0]).length - 2);
          }
          const page = (await store.loadPage(id, { limit: 2 }))!;
          expect(page.info.version).toBe(loaded.version);
          expect(
            await store.append(id, [{ role: 'user', content: 'after the crash' }], {
              expectedVersion: loaded.version,
            }),
          ).toEqual({
            version: loaded.version + 1,
          });
          total += loaded.version;
        }
        expect(total).toBeGreaterThanOrEqual(12);
      } finally {
        await store.close();
      }
    });
  }
});
