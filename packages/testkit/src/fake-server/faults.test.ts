import { eventually } from '@org/llm-test-support/wire-clock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { anthropic } from './anthropic-scripts.ts';
import { fault } from './fault.ts';
import { openai } from './openai-scripts.ts';
import { trackTimers } from './test-support/track-timers.ts';
import {
  letBytesArrive,
  openAIPayloads,
  postJson,
  sseEvents,
  stateOf,
} from './test-support/wire-client.ts';

let server: FakeProviderServer;
let url: string;

beforeAll(async () => {
  server = await createFakeProviderServer();
  url = `${server.openaiBaseURL}/chat/completions`;
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

const stream = (extra: Record<string, unknown> = {}) =>
  postJson(url, { model: 'gpt-4o-mini', stream: true, ...extra });

/** Reads a streamed body piece by piece, so a test can look at what has arrived so far. */
function reader(response: Response) {
  const body = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    get text() {
      return text;
    },
    /** Reads until `predicate(text)` holds or the body ends; resolves the text. */
    async until(predicate: (text: string) => boolean): Promise<string> {
      while (!predicate(text)) {
        const { done, value } = await body.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return text;
    },
    cancel: () => body.cancel(),
  };
}

/** Timers keeping this process alive (unref'd ones, like undici's, are not listed). */
const activeTimers = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

const useFakeTimers = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

describe('reset', () => {
  it('destroys the connection before any byte: fetch fails with a connection error', async () => {
    server.enqueue(openai.text('never sent', { fault: fault.reset() }));
    const error: unknown = await stream().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect(server.requests).toHaveLength(1);
  });
});

describe('cut', () => {
  it('ends the stream cleanly after N events, without [DONE]', async () => {
    server.enqueue(openai.text('one two three four', { fault: fault.cut(3) }));
    const payloads = openAIPayloads(await (await stream()).text()) as {
      choices: { delta: unknown }[];
    }[];
    expect(payloads.map((chunk) => chunk.choices[0]!.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'one' },
      { content: ' two' },
    ]);
  });

  it('never sends the terminator, however large N is', async () => {
    server.enqueue(openai.text('one two', { fault: fault.cut(99) }));
    const text = await (await stream()).text();
    expect(text).not.toContain('[DONE]');
    expect(text).toContain('"finish_reason":"stop"');
  });

  it('truncates a JSON body and drops the connection', async () => {
    server.enqueue(openai.text('Hello world', { fault: fault.cut(0) }));
    const response = await postJson(url, { model: 'gpt-4o-mini' });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(TypeError);
  });
});

describe('malformed', () => {
  it('sends one invalid-JSON data line after N events, then goes on', async () => {
    server.enqueue(openai.text('Hello world', { fault: fault.malformed(2) }));
    const events = sseEvents(await (await stream()).text());
    expect(events[2]).toBe('data: {"id":"chatcmpl-malformed","object":');
    expect(() => {
      JSON.parse(events[2]!.slice('data: '.length));
    }).toThrow(SyntaxError);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events).toHaveLength(6);
  });

  it('sends half a JSON body as if complete', async () => {
    server.enqueue(openai.text('Hello world', { fault: fault.malformed(0) }));
    const response = await postJson(url, { model: 'gpt-4o-mini' });
    const text = await response.text();
    expect(text.startsWith('{"id":"chatcmpl-')).toBe(true);
    expect(() => {
      JSON.parse(text);
    }).toThrow(SyntaxError);
  });
});

describe('stall', () => {
  it('sends nothing after N events until the timer fires, then the rest', async () => {
    useFakeTimers();
    server.enqueue(
      openai.text('Hello big world', { fault: fault.stall(30_000, { afterChunks: 2 }) }),
    );
    const body = reader(await stream());
    // The stall timer is set in the same tick as the second event is written.
    await body.until((text) => sseEvents(text).length >= 2);
    vi.advanceTimersByTime(29_999);
    await letBytesArrive();
    expect(sseEvents(body.text)).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const all = await body.until(() => false);
    expect(sseEvents(all)).toHaveLength(6);
    expect(sseEvents(all).at(-1)).toBe('data: [DONE]');
  });

  it('holds the first event back when N is 0 (the headers are sent)', async () => {
    useFakeTimers();
    server.enqueue(openai.text('Hello', { fault: fault.stall(5_000) }));
    const response = await stream();
    expect(response.status).toBe(200);
    const body = reader(response);
    const read = body.until(() => false);
    await letBytesArrive();
    expect(await stateOf(read)).toBe('pending');
    expect(body.text).toBe('');
    vi.advanceTimersByTime(5_000);
    expect(openAIPayloads(await read).at(-1)).toBe('[DONE]');
  });

  it('sends only SSE comments while stalled with comments', async () => {
    useFakeTimers();
    server.enqueue(
      openai.text('Hello', { fault: fault.stall(4_000, { afterChunks: 1, comments: true }) }),
    );
    const body = reader(await stream());
    await body.until((text) => sseEvents(text).length >= 1);
    vi.advanceTimersByTime(1_000);
    await body.until((text) => text.includes(': ping'));
    vi.advanceTimersByTime(2_000);
    await body.until((text) => text.split(': ping').length - 1 >= 3);
    expect(sseEvents(body.text).slice(1)).toEqual([': ping', ': ping', ': ping']);
    vi.advanceTimersByTime(1_000);
    const all = sseEvents(await body.until(() => false));
    expect(all.filter((event) => event === ': ping')).toHaveLength(3);
    expect(all.at(-1)).toBe('data: [DONE]');
  });

  it('holds a JSON body back after the headers', async () => {
    useFakeTimers();
    server.enqueue(openai.text('Hello', { fault: fault.stall(2_000) }));
    const response = await postJson(url, { model: 'gpt-4o-mini' });
    const json = response.json();
    await letBytesArrive();
    expect(await stateOf(json)).toBe('pending');
    vi.advanceTimersByTime(2_000);
    expect(await json).toMatchObject({ object: 'chat.completion' });
  });

  it('clears its timers when the client disconnects', async () => {
    const ours = trackTimers('/fake-server/abortable-timers.ts');
    const baseline = activeTimers();
    server.enqueue(
      openai.text('Hello', { fault: fault.stall(60_000, { afterChunks: 1, comments: true }) }),
    );
    const body = reader(await stream());
    await body.until((text) => sseEvents(text).length >= 1);
    expect(ours.live()).toBe(2);
    await body.cancel();
    // Polled on event-loop turns: vi.waitFor's own timers would be counted.
    await eventually(() => ours.live() === 0, 'the stall timers to be cleared');
    expect(ours.live()).toBe(0);
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
  });
});

describe('slow-first-byte', () => {
  it('sends no status line until the timer fires', async () => {
    useFakeTimers();
    server.enqueue(openai.text('Hello', { fault: fault.slowFirstByte(10_000) }));
    const pending = stream();
    // The timer is set in the same tick as the request is recorded.
    await eventually(() => server.requests.length === 1, 'the request at the server');
    vi.advanceTimersByTime(9_999);
    await letBytesArrive();
    expect(await stateOf(pending)).toBe('pending');
    vi.advanceTimersByTime(1);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(openAIPayloads(await response.text()).at(-1)).toBe('[DONE]');
  });
});

describe('paused', () => {
  it('counts the answers waiting on the clock: stalls, slow first bytes, paced events', async () => {
    useFakeTimers();
    server.enqueue(
      openai.text('Hello big world', { fault: fault.stall(1_000, { afterChunks: 2 }) }),
      openai.text('Hi', { fault: fault.slowFirstByte(500) }),
      openai.text('a b c', { paceMs: 100 }),
    );
    expect(server.paused).toBe(0);
    const stalled = reader(await stream());
    await eventually(() => server.paused === 1, 'the stall');
    const slow = stream();
    await eventually(() => server.paused === 2, 'the slow first byte');
    // A wait ends (and stops counting) when its timer fires.
    await vi.advanceTimersByTimeAsync(500);
    expect(server.paused).toBe(1);
    expect(openAIPayloads(await (await slow).text()).at(-1)).toBe('[DONE]');
    await vi.advanceTimersByTimeAsync(500);
    expect(server.paused).toBe(0);
    expect(sseEvents(await stalled.until(() => false))).toHaveLength(6);
    // A wait the client cuts short stops counting too.
    const paced = reader(await stream());
    await eventually(() => server.paused === 1, 'the pace between events');
    await paced.cancel();
    await eventually(() => server.paused === 0, 'the end of the wait');
  });
});

describe('pace and combined faults', () => {
  it('spaces events by paceMs', async () => {
    useFakeTimers();
    server.enqueue(openai.text('a b c', { paceMs: 100 }));
    const body = reader(await stream());
    await body.until((text) => sseEvents(text).length >= 1);
    await letBytesArrive();
    expect(sseEvents(body.text)).toHaveLength(1);
    vi.advanceTimersByTime(100);
    await body.until((text) => sseEvents(text).length >= 2);
    expect(sseEvents(body.text)).toHaveLength(2);
    await vi.runAllTimersAsync();
    expect(sseEvents(await body.until(() => false)).at(-1)).toBe('data: [DONE]');
  });

  it('applies several faults in one script', async () => {
    useFakeTimers();
    server.enqueue(
      openai.text('one two three', {
        fault: [fault.slowFirstByte(1_000), fault.malformed(1), fault.cut(3)],
      }),
    );
    const pending = stream();
    await eventually(() => server.requests.length === 1, 'the request at the server');
    vi.advanceTimersByTime(1_000);
    const events = sseEvents(await (await pending).text());
    expect(events).toHaveLength(4);
    expect(events[1]).toMatch(/^data: \{"id":"chatcmpl-malformed"/);
    expect(events.join('\n')).not.toContain('[DONE]');
  });

  it('rejects impossible fault numbers', () => {
    expect(() => openai.text('x', { fault: fault.cut(-1) })).toThrow(
      /afterChunks must be a whole number >= 0/,
    );
    expect(() => openai.text('x', { fault: fault.stall(Number.NaN) })).toThrow(
      /ms must be a finite number/,
    );
    expect(() => openai.text('x', { fault: { kind: 'explode' } as never })).toThrow(
      /Unknown fault kind "explode"/,
    );
    expect(() => openai.text('x', { paceMs: -5 })).toThrow(/paceMs must be/);
  });
});

describe('faults on the Anthropic wire', () => {
  const messages = (extra: Record<string, unknown> = {}) =>
    postJson(`${server.anthropicBaseURL}/v1/messages`, {
      model: 'claude-sonnet-4-5',
      stream: true,
      ...extra,
    });
  const names = (text: string) => sseEvents(text).map((event) => event.split('\n')[0]);

  it('cut ends the stream without message_stop', async () => {
    server.enqueue(anthropic.text('one two three', { fault: fault.cut(4) }));
    expect(names(await (await messages()).text())).toEqual([
      'event: message_start',
      'event: content_block_start',
      'event: ping',
      'event: content_block_delta',
    ]);
  });

  it('stall with comments sends ping events', async () => {
    useFakeTimers();
    server.enqueue(
      anthropic.text('Hello', {
        fault: fault.stall(300, { afterChunks: 1, comments: true, commentEveryMs: 100 }),
      }),
    );
    const body = reader(await messages());
    await body.until((text) => sseEvents(text).length >= 1);
    vi.advanceTimersByTime(299);
    await body.until((text) => sseEvents(text).length >= 3);
    expect(sseEvents(body.text).slice(1)).toEqual([
      'event: ping\ndata: {"type": "ping"}',
      'event: ping\ndata: {"type": "ping"}',
    ]);
    vi.advanceTimersByTime(1);
    expect(names(await body.until(() => false)).at(-1)).toBe('event: message_stop');
  });

  it('malformed sends an event whose data is not JSON', async () => {
    server.enqueue(anthropic.text('Hello', { fault: fault.malformed(1) }));
    const events = sseEvents(await (await messages()).text());
    expect(events[1]).toBe(
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":',
    );
  });

  it('reset and slow-first-byte work the same as on the OpenAI wire', async () => {
    server.enqueue(anthropic.text('x', { fault: fault.reset() }));
    await expect(messages()).rejects.toThrow(TypeError);
    useFakeTimers();
    server.enqueue(anthropic.text('x', { fault: fault.slowFirstByte(1_000) }));
    const pending = messages();
    await eventually(() => server.requests.length === 2, 'the request at the server');
    await letBytesArrive();
    expect(await stateOf(pending)).toBe('pending');
    vi.advanceTimersByTime(1_000);
    expect((await pending).status).toBe(200);
  });
});
