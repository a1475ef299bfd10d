// `promtool check metrics` (Prometheus's own linter, Debian package
// prometheus) accepts the exposition of every metric this package writes.
import { spawnSync } from 'node:child_process';
import { ServerError, StreamInterruptedError, TimeoutError } from '@org/llm-core';
import { ResilienceEvents } from '@org/llm-resilience';
import { MockChatModel } from '@org/llm-testkit';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { withMetrics } from '../src/with-metrics.ts';
import { systemBinary } from '@org/llm-test-support';

const promtool = systemBinary('promtool', 'prometheus');
if (!promtool.found) console.warn(`Skipping the promtool check: ${promtool.reason}.`);

const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const context = {
  provider: 'openai',
  modelId: 'gpt-4o',
  operation: 'generate' as const,
  metadata: undefined,
};

/** A registry with a value in every metric family. */
async function busyRegistry(): Promise<Registry> {
  const registry = new Registry();
  const events = new ResilienceEvents();
  const model = withMetrics(
    new MockChatModel({
      provider: 'openai',
      modelId: 'gpt-4o',
      capabilities: { pricing: { inputPerMillion: 2.5, outputPerMillion: 10 } },
      responses: [
        { text: 'Hello', usage: { inputTokens: 20, outputTokens: 5, cacheReadTokens: 10 } },
        { chunks: ['a', 'b'] },
        { error: new ServerError('HTTP 500', { status: 500 }) },
        {
          chunks: ['a', 'b', 'c'],
          failAfterChunks: { chunks: 1, error: new ServerError('reset', { status: 500 }) },
        },
      ],
    }),
    { registry, events },
  );
  await model.generate(ask);
  await (await model.stream(ask)).final();
  await model.generate(ask).catch(() => undefined);
  await (await model.stream(ask)).final().catch(() => undefined);
  const error = new ServerError('HTTP 503', { status: 503 });
  events.emit('retry', {
    ...context,
    attempt: 1,
    delayMs: 500,
    retryAfterMs: undefined,
    error,
    usage: undefined,
    cost: undefined,
  });
  events.emit('fallback', {
    ...context,
    from: { provider: 'openai', modelId: 'gpt-4o' },
    to: { provider: 'anthropic', modelId: 'claude-sonnet-4-5' },
    reason: 'error',
    error: new StreamInterruptedError('broke', {
      partial: {
        text: '',
        content: [],
        toolCalls: [],
        usage: {
          inputTokens: 3,
          outputTokens: 1,
          cacheReadTokens: undefined,
          cacheWriteTokens: undefined,
          reasoningTokens: undefined,
        },
        finishReason: undefined,
      },
    }),
    usage: undefined,
    cost: undefined,
  });
  events.emit('hedge', {
    ...context,
    action: 'started',
    index: 1,
    model: { provider: 'openai', modelId: 'gpt-4o' },
    delayMs: 2000,
  });
  events.emit('rateLimited', {
    ...context,
    limit: 'tokens-per-minute',
    action: 'waiting',
    waitMs: 1200,
  });
  events.emit('timeout', { ...context, phase: 'idle', timeoutMs: 15_000, afterCommit: true });
  events.emit('circuitOpen', {
    provider: 'openai',
    modelId: 'gpt-4o',
    key: 'openai:gpt-4o',
    error: new TimeoutError('slow', {}),
    halfOpenAfterMs: 30_000,
  });
  return registry;
}

describe.skipIf(!promtool.found)('promtool check metrics', () => {
  it('accepts the exposition, every family written', async () => {
    const exposition = await (await busyRegistry()).metrics();
    for (const family of [
      'requests_total',
      'request_duration_seconds',
      'time_to_first_content_seconds',
      'output_tokens_per_second',
      'tokens_total',
      'cost_usd_total',
      'requests_in_flight',
      'retries_total',
      'fallbacks_total',
      'hedges_total',
      'rate_limited_total',
      'rate_limit_wait_seconds_total',
      'timeouts_total',
      'circuit_state',
      'circuit_opens_total',
    ]) {
      expect(exposition).toMatch(new RegExp(`^llm_${family}[{_ ]`, 'm'));
    }
    const check = spawnSync(promtool.found ? promtool.path : '', ['check', 'metrics'], {
      input: exposition,
      encoding: 'utf8',
    });
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });

  it('fails on a broken exposition (the check is real)', () => {
    const check = spawnSync(promtool.found ? promtool.path : '', ['check', 'metrics'], {
      input: '# TYPE llm_requests counter\nllm_requests{provider="x"} 1\n',
      encoding: 'utf8',
    });
    expect(check.status).not.toBe(0);
    expect(`${check.stdout}${check.stderr}`).toContain(
      'counter metrics should have "_total" suffix',
    );
  });
});
