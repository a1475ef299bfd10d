import { AuthenticationError, ServerError, type ChatRequest } from '@org/llm-core';
import { ResilienceEvents, withResilience } from '@org/llm-resilience';
import { MockChatModel } from '@org/llm-testkit';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logResilienceEvents } from './log-resilience-events.ts';
import { jsonLineLogger } from './logger.ts';
import { redactLogFields } from './redact-log-fields.ts';
import { withLogging } from './with-logging.ts';

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Tell me a secret' }],
  ...extra,
});

/** A real pino logger that writes into an array of parsed records. */
function capturedPino(level = 'debug'): {
  logger: pino.Logger;
  records: Record<string, unknown>[];
} {
  const records: Record<string, unknown>[] = [];
  const logger = pino(
    { level, base: undefined, timestamp: false },
    {
      write(line: string) {
        records.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, records };
}

describe('withLogging', () => {
  it('logs a call through pino: start at debug, result at info, no prompt text', async () => {
    const { logger, records } = capturedPino();
    const model = withLogging(
      new MockChatModel({
        provider: 'openai',
        modelId: 'gpt-4o',
        capabilities: { pricing: { inputPerMillion: 2, outputPerMillion: 8 } },
        responses: [{ text: 'No.', usage: { inputTokens: 10, outputTokens: 1 } }],
      }),
      { logger, level: 'debug' },
    );
    await model.generate(ask());
    expect(records).toEqual([
      {
        level: 20,
        provider: 'openai',
        model: 'gpt-4o',
        operation: 'generate',
        messages: 1,
        event: 'llm.request',
        msg: 'generate openai:gpt-4o',
      },
      {
        level: 30,
        provider: 'openai',
        model: 'gpt-4o',
        operation: 'generate',
        event: 'llm.response',
        durationMs: expect.any(Number),
        finishReason: 'stop',
        usage: { inputTokens: 10, outputTokens: 1 },
        costUsd: expect.closeTo(0.000028, 12),
        responseId: 'mock-response-1',
        responseModel: 'gpt-4o',
        msg: 'generate openai:gpt-4o answered',
      },
    ]);
    expect(JSON.stringify(records)).not.toContain('Tell me a secret');
  });

  it('logs a failure at error with the redacted error, an abort at info', async () => {
    const { logger, records } = capturedPino('info');
    const key = 'sk-live-abcdefghijklmnop';
    const controller = new AbortController();
    const model = withLogging(
      new MockChatModel({
        responses: [
          { error: new AuthenticationError(`Incorrect API key provided: ${key}`, { status: 401 }) },
        ],
        respond: () => {
          controller.abort(new Error('gone'));
          return 'never';
        },
      }),
      { logger, secrets: [key] },
    );
    await expect(model.generate(ask())).rejects.toThrow(AuthenticationError);
    await expect(model.stream(ask({ abortSignal: controller.signal }))).rejects.toThrow('gone');
    expect(records.map((record) => [record.level, record.msg, record.outcome])).toEqual([
      [50, 'generate mock:mock-model failed', 'failed'],
      [30, 'stream mock:mock-model aborted', 'aborted'],
    ]);
    expect(records[0]?.error).toMatchObject({
      name: 'AuthenticationError',
      code: 'authentication',
      message: 'Incorrect API key provided: [redacted]',
      status: 401,
    });
    expect(JSON.stringify(records)).not.toContain(key);
  });

  it('logs a stream when it ends, and nothing below its level', async () => {
    const { logger, records } = capturedPino('warn');
    const model = withLogging(new MockChatModel({ responses: [{ chunks: ['a', 'b'] }] }), {
      logger,
      level: 'warn',
    });
    expect(await (await model.stream(ask())).text()).toBe('ab');
    expect(records).toEqual([]);
    const info = capturedPino('info');
    const logged = withLogging(new MockChatModel({ responses: [{ chunks: ['a', 'b'] }] }), {
      logger: info.logger,
    });
    expect(await (await logged.stream(ask())).text()).toBe('ab');
    expect(info.records.map((record) => record.msg)).toEqual(['stream mock:mock-model answered']);
  });

  it('is the model itself when the level is off', () => {
    const inner = new MockChatModel();
    expect(withLogging(inner, { logger: jsonLineLogger(() => undefined), level: 'off' })).toBe(
      inner,
    );
  });
});

describe('logResilienceEvents', () => {
  it('logs retries and fallbacks at warn and stops when asked', async () => {
    const { logger, records } = capturedPino('debug');
    const events = new ResilienceEvents();
    const stop = logResilienceEvents(events, logger, 'info');
    const model = withResilience(
      [
        new MockChatModel({
          provider: 'openai',
          modelId: 'gpt-4o',
          responses: [
            { error: new ServerError('HTTP 500', { status: 500 }) },
            { error: new ServerError('HTTP 502', { status: 502 }) },
            'primary again',
          ],
        }),
        new MockChatModel({ provider: 'anthropic', modelId: 'claude', responses: ['ok', 'again'] }),
      ],
      { events, retry: { maxAttempts: 2, initialDelayMs: 0 }, breaker: false },
    );
    await model.generate(ask());
    expect(records.map((record) => [record.level, record.event, record.msg])).toEqual([
      [40, 'llm.retry', 'attempt 1 of openai:gpt-4o failed (server); retrying in 0 ms'],
      [40, 'llm.fallback', 'openai:gpt-4o failed; trying anthropic:claude'],
    ]);
    stop();
    await model.generate(ask());
    expect(records).toHaveLength(2);
  });
});

describe('redactLogFields', () => {
  it('drops credential-named fields and scrubs known secrets everywhere', () => {
    expect(
      redactLogFields(
        {
          headers: { authorization: 'Bearer abc', 'x-api-key': 'k', 'x-request-id': 'req-1' },
          note: 'used my-opaque-secret-1234 today',
          nested: [{ apiKey: 'x' }],
        },
        ['my-opaque-secret-1234'],
      ),
    ).toEqual({
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', 'x-request-id': 'req-1' },
      note: 'used [redacted] today',
      nested: [{ apiKey: '[redacted]' }],
    });
  });

  it('writes JSON lines with the built-in logger', () => {
    const lines: string[] = [];
    jsonLineLogger((line) => lines.push(line)).warn({ a: 1 }, 'careful');
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'warn',
      time: expect.any(String),
      msg: 'careful',
      a: 1,
    });
  });
});
