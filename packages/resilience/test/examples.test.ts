// Runs the guide's examples against MockChatModel, so they are not only
// compiled but shown to do what the guide says.
import { ServerError } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { summarise } from '../examples/batch.ts';
import { guarded, type SnapshotStore } from '../examples/circuit-state.ts';
import { composed } from '../examples/compose-by-hand.ts';
import { ask as askWithFallback } from '../examples/fallback.ts';
import { hedged } from '../examples/hedging.ts';
import { limited } from '../examples/limits.ts';
import { createChatModel } from '../examples/quick-start.ts';
import { resumable } from '../examples/resume.ts';
import { retried } from '../examples/retry-and-deadlines.ts';
import { printAnswer } from '../examples/streaming.ts';
import type { CircuitBreakerSnapshot } from '../src/breaker/circuit-breaker-registry.ts';
import { ask, connectionReset, serverError, stallUntilAborted, track } from './support.ts';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('guide examples', () => {
  it('quick start: falls back to Claude and logs it', async () => {
    vi.useFakeTimers();
    const openai = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      respond: () => ({ error: serverError() }),
    });
    const claude = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: ['from claude'],
    });
    const call = track(createChatModel(openai, claude).generate(ask()));
    await vi.runAllTimersAsync();
    await call.done;
    expect(call.value?.text).toBe('from claude');
    expect(console.warn).toHaveBeenCalledWith(
      'gpt failed, trying claude:',
      expect.any(ServerError),
    );
  });

  it('streaming: prints the text, and reports a cut instead of throwing', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const model = new MockChatModel({
      responses: [
        'all of it',
        { text: 'half of it', failAfterChunks: { chunks: 1, error: connectionReset() } },
      ],
    });
    await printAnswer(model, 'q');
    await printAnswer(model, 'q');
    expect(write.mock.calls.map((args) => args[0])).toEqual(['all ', 'of ', 'it', 'half ']);
    expect(console.error).toHaveBeenCalledWith(
      '\n[answer cut after 5 characters]',
      expect.anything(),
    );
  });

  it('retry: does not retry a timeout of a call marked with side effects', async () => {
    vi.useFakeTimers();
    const adapter = new MockChatModel({ respond: stallUntilAborted });
    const call = track(retried(adapter).stream(ask('Hi', { metadata: { sideEffects: true } })));
    await vi.advanceTimersByTimeAsync(20_000);
    await call.done;
    expect(call.error).toMatchObject({ code: 'timeout', phase: 'first-content' });
    expect(adapter.calls).toHaveLength(1);
    expect(console.error).toHaveBeenCalledWith('gave up after 1 attempts: not-retryable');
  });

  it('circuit state: saves a snapshot when a circuit opens and starts from the saved one', async () => {
    let saved: CircuitBreakerSnapshot | undefined;
    const store: SnapshotStore = {
      load: () => Promise.resolve(saved),
      save: (snapshot) => {
        saved = snapshot;
        return Promise.resolve();
      },
    };
    const failing = new MockChatModel({ respond: () => ({ error: serverError() }) });
    const [model] = await guarded([failing], store);
    for (let index = 0; index < 40; index++) await model!.generate(ask()).catch(() => undefined);
    expect(saved?.circuits['mock:mock-model']).toBeDefined();
    const [restarted] = await guarded([new MockChatModel({ responses: ['never'] })], store);
    await expect(restarted!.generate(ask())).rejects.toMatchObject({ code: 'circuit-open' });
  });

  it('limits: two models share one account budget', async () => {
    const [mini, large] = limited(
      new MockChatModel({ respond: () => 'a' }),
      new MockChatModel({ respond: () => 'b' }),
    );
    expect((await mini.generate(ask())).text).toBe('a');
    expect((await large.generate(ask())).text).toBe('b');
  });

  it('fallback: moves on after a revoked key and says who answered', async () => {
    const { AuthenticationError } = await import('@org/llm-core');
    const openai = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      responses: [{ error: new AuthenticationError('revoked') }],
    });
    const claude = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: ['hello'],
    });
    expect(await askWithFallback(openai, claude, 'q')).toBe(
      'hello\n(answered by anthropic:claude)',
    );
  });

  it('hedging: races a backup and logs it', async () => {
    vi.useFakeTimers();
    const primary = new MockChatModel({ respond: stallUntilAborted });
    const backup = new MockChatModel({ responses: ['backup'] });
    const call = track(hedged(primary, backup).generate(ask()));
    await vi.advanceTimersByTimeAsync(2000);
    await call.done;
    expect(call.value?.text).toBe('backup');
    expect(console.info).toHaveBeenCalledWith('hedge started: attempt 1 after 2000 ms');
  });

  it('batch: keeps order and returns undefined for failures', async () => {
    const model = new MockChatModel({
      respond: (request) =>
        request.messages[0]?.content === 'bad' ? { error: new ServerError('down') } : 'summary',
    });
    expect(await summarise(model, ['a', 'bad', 'c'])).toEqual(['summary', undefined, 'summary']);
  });

  it('resume: finishes a cut stream on the secondary', async () => {
    const primary = new MockChatModel({
      responses: [
        { chunks: ['Once ', 'upon'], failAfterChunks: { chunks: 2, error: connectionReset() } },
      ],
      respond: () => ({ error: serverError() }),
    });
    const secondary = new MockChatModel({ responses: [' a time.'] });
    vi.useFakeTimers();
    const call = track(
      resumable(primary, secondary)
        .stream(ask())
        .then((stream) => stream.text()),
    );
    await vi.runAllTimersAsync();
    await call.done;
    expect(call.value).toBe('Once upon a time.');
  });

  it('compose by hand: breaker, retry and fallback in order', async () => {
    vi.useFakeTimers();
    const primary = new MockChatModel({ respond: () => ({ error: serverError() }) });
    const secondary = new MockChatModel({ modelId: 'b', responses: ['b answers'] });
    const call = track(composed(primary, secondary).generate(ask()));
    await vi.runAllTimersAsync();
    await call.done;
    expect(call.value?.text).toBe('b answers');
    expect(primary.calls).toHaveLength(3);
  });
});
