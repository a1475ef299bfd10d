import { MockChatModel } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, serverError, stallUntilAborted, track } from '../../test/support.ts';
import { generateMany, type BatchProgress } from './generate-many.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('generateMany', () => {
  it('returns one settled result per request, in input order, whatever order they finish in', async () => {
    const failure = serverError('request 2 failed');
    const inner = new MockChatModel({
      respond: (request) => {
        const n = Number(request.metadata?.n);
        if (n === 2) return { error: failure };
        return new Promise((resolve) => {
          // Later requests finish first.
          setTimeout(
            () => {
              resolve({ text: `answer ${n}`, usage: { inputTokens: 10, outputTokens: n } });
            },
            (5 - n) * 100,
          );
        });
      },
    });
    const requests = [0, 1, 2, 3, 4].map((n) => ask(`q${n}`, { metadata: { n } }));
    const batch = track(generateMany(inner, requests, { concurrency: 5 }));
    await vi.advanceTimersByTimeAsync(1000);
    await batch.done;
    expect(
      batch.value!.map((result) =>
        result.status === 'fulfilled' ? result.value.text : (result.reason as Error).message,
      ),
    ).toEqual(['answer 0', 'answer 1', 'request 2 failed', 'answer 3', 'answer 4']);
  });

  it('never runs more than `concurrency` requests at once', async () => {
    let running = 0;
    let peak = 0;
    const inner = new MockChatModel({
      respond: () => {
        running++;
        peak = Math.max(peak, running);
        return new Promise((resolve) => {
          setTimeout(() => {
            running--;
            resolve('ok');
          }, 100);
        });
      },
    });
    const batch = track(
      generateMany(
        inner,
        Array.from({ length: 10 }, () => ask()),
        { concurrency: 3 },
      ),
    );
    await vi.advanceTimersByTimeAsync(400);
    await batch.done;
    expect(peak).toBe(3);
    expect(batch.value!.every((result) => result.status === 'fulfilled')).toBe(true);
  });

  it('reports progress after every request: done, failed, in flight, pending and tokens', async () => {
    const inner = new MockChatModel({
      responses: [
        { text: 'a', usage: { inputTokens: 5, outputTokens: 7 } },
        { error: serverError() },
        { text: 'c', usage: { inputTokens: 6, outputTokens: 8 } },
      ],
    });
    const seen: [BatchProgress, number, boolean][] = [];
    await generateMany(inner, [ask(), ask(), ask()], {
      concurrency: 1,
      onProgress: (progress, settled) => seen.push([progress, settled.index, settled.ok]),
    });
    expect(seen).toEqual([
      [
        {
          total: 3,
          succeeded: 1,
          failed: 0,
          inFlight: 0,
          pending: 2,
          inputTokens: 5,
          outputTokens: 7,
        },
        0,
        true,
      ],
      [
        {
          total: 3,
          succeeded: 1,
          failed: 1,
          inFlight: 0,
          pending: 1,
          inputTokens: 5,
          outputTokens: 7,
        },
        1,
        false,
      ],
      [
        {
          total: 3,
          succeeded: 2,
          failed: 1,
          inFlight: 0,
          pending: 0,
          inputTokens: 11,
          outputTokens: 15,
        },
        2,
        true,
      ],
    ]);
  });

  it('keeps every count consistent with concurrency, down to 0 pending at the end', async () => {
    const inner = new MockChatModel({
      respond: (request) =>
        new Promise((resolve) => {
          // Finish out of order, so workers run dry while others still run.
          setTimeout(
            () => {
              resolve(Number(request.metadata?.n) === 3 ? { error: serverError() } : 'ok');
            },
            (7 - Number(request.metadata?.n)) * 10,
          );
        }),
    });
    const seen: BatchProgress[] = [];
    const requests = Array.from({ length: 7 }, (_, n) => ({ ...ask(), metadata: { n } }));
    const batch = track(
      generateMany(inner, requests, {
        concurrency: 3,
        onProgress: (progress) => seen.push(progress),
      }),
    );
    await vi.runAllTimersAsync();
    expect(batch.settled).toBe(true);
    expect(seen).toHaveLength(7);
    for (const [index, progress] of seen.entries()) {
      expect(progress.pending).toBeGreaterThanOrEqual(0);
      expect(progress.succeeded + progress.failed).toBe(index + 1);
      expect(progress.succeeded + progress.failed + progress.inFlight + progress.pending).toBe(7);
    }
    expect(seen.at(-1)).toMatchObject({ succeeded: 6, failed: 1, inFlight: 0, pending: 0 });
  });

  it('keeps going when a progress listener throws, reporting it as a process warning', async () => {
    const inner = new MockChatModel({ respond: () => 'ok' });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const results = await generateMany(inner, [ask(), ask()], {
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toContain('listener bug');
  });

  it('stops on abort: running requests are aborted, the rest settle rejected with the reason', async () => {
    const inner = new MockChatModel({ respond: stallUntilAborted });
    const controller = new AbortController();
    const batch = track(
      generateMany(inner, [ask(), ask(), ask(), ask()], {
        concurrency: 2,
        abortSignal: controller.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort('batch cancelled');
    await batch.done;
    expect(inner.calls).toHaveLength(2);
    expect(batch.value!.map((result) => result.status === 'rejected' && result.reason)).toEqual([
      'batch cancelled',
      'batch cancelled',
      'batch cancelled',
      'batch cancelled',
    ]);
  });

  it('returns an empty list for an empty batch and checks concurrency', async () => {
    expect(await generateMany(new MockChatModel(), [])).toEqual([]);
    await expect(generateMany(new MockChatModel(), [ask()], { concurrency: 0 })).rejects.toThrow(
      /generateMany concurrency/,
    );
  });
});
