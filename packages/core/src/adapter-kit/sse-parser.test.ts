import { ResponseValidationError } from '../errors/transport-errors.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent, type SseParserOptions } from './sse-parser.ts';

const encoder = new TextEncoder();

/** Parses `chunks` (strings are UTF-8 encoded) and returns every event, `end()` included. */
function parse(
  chunks: readonly (string | Uint8Array)[],
  options?: { end?: boolean; parser?: SseParserOptions },
): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event), options?.parser);
  for (const chunk of chunks)
    parser.feed(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  if (options?.end !== false) parser.end();
  return events;
}

/** Splits `bytes` at the given cut points (sorted, deduplicated, clamped). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    out.push(bytes.subarray(start, point));
    start = point;
  }
  out.push(bytes.subarray(start));
  return out;
}

const message = (data: string, extra: Partial<SseEvent> = {}): SseEvent => ({
  event: 'message',
  data,
  id: undefined,
  ...extra,
});

describe('SseParser', () => {
  it('dispatches an event at each blank line', () => {
    expect(parse(['data: one\n\ndata: two\n\n'])).toEqual([message('one'), message('two')]);
  });

  it('joins multi-line data with \\n and keeps empty data lines', () => {
    expect(parse(['data: a\ndata:\ndata: b\n\n'])).toEqual([message('a\n\nb')]);
  });

  it('accepts \\r\\n and lone \\r line endings', () => {
    expect(parse(['data: a\r\n\r\ndata: b\r\rdata: c\n\n'])).toEqual([
      message('a'),
      message('b'),
      message('c'),
    ]);
  });

  it('treats a \\r\\n split across two chunks as one line ending', () => {
    expect(parse(['data: a\r', '\ndata: b\r', '', '\n\r', '\n'])).toEqual([message('a\nb')]);
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const bytes = encoder.encode('data: 7 €, 😀\n\n');
    const euro = bytes.indexOf(0xe2);
    const emoji = bytes.indexOf(0xf0);
    const chunks = split(bytes, [euro + 1, euro + 2, emoji + 1, emoji + 3]);
    expect(parse(chunks)).toEqual([message('7 €, 😀')]);
  });

  it('ignores comments, unknown fields and blank lines without data', () => {
    expect(parse([': ping\n\n: keep-alive\nfoo: bar\n\n\n\ndata: x\n\n'])).toEqual([message('x')]);
  });

  it('honours event:, id: (persisting across events) and retry:', () => {
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    parser.feed(
      encoder.encode(
        'event: error\nid: 7\nretry: 1500\ndata: {}\n\ndata: next\n\nid: a\u0000b\nretry: 2s\ndata: last\n\n',
      ),
    );
    expect(events).toEqual([
      { event: 'error', data: '{}', id: '7' },
      { event: 'message', data: 'next', id: '7' },
      { event: 'message', data: 'last', id: '7' },
    ]);
    expect(parser.retryMs).toBe(1500);
    expect(parser.lastEventId).toBe('7');
  });

  it('resets the event type after a blank line without data', () => {
    expect(parse(['event: ping\n\ndata: x\n\n'])).toEqual([message('x')]);
  });

  it('strips exactly one space after the colon, and reads a line without colon as a field name', () => {
    expect(parse(['data:no-space\n\ndata:  two-spaces\n\ndata\n\n'])).toEqual([
      message('no-space'),
      message(' two-spaces'),
      message(''),
    ]);
  });

  it('drops a leading byte order mark', () => {
    expect(parse([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf]), 'data: x\n\n'])).toEqual([
      message('x'),
    ]);
  });

  it('replaces invalid UTF-8 with U+FFFD instead of failing', () => {
    expect(
      parse([new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xc3, 0x0a, 0x0a])]),
    ).toEqual([message('\ufffd\ufffd')]);
  });

  it('dispatches a last event whose lines ended but whose blank line never came', () => {
    expect(parse(['data: one\n\ndata: last\n'])).toEqual([message('one'), message('last')]);
    expect(parse(['data: one\n\ndata: last\n'], { end: false })).toEqual([message('one')]);
  });

  it('drops that last event at the end when told to follow the standard strictly', () => {
    const strict = { dispatchUnterminatedAtEnd: false };
    expect(parse(['data: one\n\ndata: last\n'], { parser: strict })).toEqual([message('one')]);
    expect(parse(['data: one\n\n'], { parser: strict })).toEqual([message('one')]);
    // The event type of the dropped event does not leak into the next stream.
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event), strict);
    parser.feed(encoder.encode('event: ping\ndata: x\n'));
    parser.end();
    parser.feed(encoder.encode('data: next\n\n'));
    expect(events).toEqual([message('next')]);
  });

  it('resets everything at end(), the last event id and retry time included', () => {
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    parser.feed(encoder.encode('id: 7\nretry: 1500\ndata: one\n\n'));
    expect(parser.lastEventId).toBe('7');
    expect(parser.retryMs).toBe(1500);
    parser.end();
    expect(parser.lastEventId).toBeUndefined();
    expect(parser.retryMs).toBeUndefined();
    parser.feed(encoder.encode('data: two\n\n'));
    expect(events.map((event) => [event.data, event.id])).toEqual([
      ['one', '7'],
      ['two', undefined],
    ]);
  });

  it('resets at end() even when the last event callback throws', () => {
    const events: SseEvent[] = [];
    let fail = true;
    const parser = new SseParser((event) => {
      if (fail) throw new Error('mapper failed');
      events.push(event);
    });
    parser.feed(encoder.encode('id: 3\nevent: delta\ndata: half\n'));
    expect(() => {
      parser.end();
    }).toThrow('mapper failed');
    fail = false;
    parser.feed(encoder.encode('data: next\n\n'));
    expect(events).toEqual([message('next')]);
    expect(parser.lastEventId).toBeUndefined();
  });

  it('drops a line that was cut off by the end of the body', () => {
    expect(parse(['data: one\n\ndata: {"cut'])).toEqual([message('one')]);
    expect(parse(['data: a\ndata: b'])).toEqual([]);
  });

  it('throws a ResponseValidationError for a line longer than the limit', () => {
    const parser = new SseParser(() => undefined, { maxLineLength: 10 });
    parser.feed(encoder.encode('data: 12'));
    expect(() => {
      parser.feed(encoder.encode('345678901'));
    }).toThrow(ResponseValidationError);
  });

  it('lets an exception of the event callback propagate', () => {
    const parser = new SseParser(() => {
      throw new Error('stop');
    });
    expect(() => {
      parser.feed(encoder.encode('data: x\n\n'));
    }).toThrow('stop');
  });
});

// A model of a valid event stream: events with an optional type and id,
// data of one or more lines (any Unicode but line breaks), comments in
// between, one line-ending style per stream.
const lineText = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((text) => text.replace(/[\r\n]/g, ' '));
const eventModel = fc.record({
  event: fc.option(fc.constantFrom('message', 'error', 'delta'), { nil: undefined }),
  id: fc.option(fc.stringMatching(/^[a-z0-9]{1,6}$/), { nil: undefined }),
  lines: fc.array(lineText, { minLength: 1, maxLength: 4 }),
  comment: fc.option(lineText, { nil: undefined }),
});
const streamModel = fc.record({
  events: fc.array(eventModel, { maxLength: 8 }),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
});

type StreamModel = typeof streamModel extends fc.Arbitrary<infer T> ? T : never;

function serialise(model: StreamModel): Uint8Array {
  const nl = model.newline;
  let text = '';
  for (const event of model.events) {
    if (event.comment !== undefined) text += `:${event.comment}${nl}`;
    if (event.event !== undefined) text += `event: ${event.event}${nl}`;
    if (event.id !== undefined) text += `id: ${event.id}${nl}`;
    for (const line of event.lines) text += `data: ${line}${nl}`;
    text += nl;
  }
  return encoder.encode(text);
}

function expected(model: StreamModel): SseEvent[] {
  let id: string | undefined;
  return model.events.map((event) => {
    id = event.id ?? id;
    return { event: event.event ?? 'message', data: event.lines.join('\n'), id };
  });
}

describe('SseParser properties', () => {
  it('parses any split of a valid stream into the same events', () => {
    fc.assert(
      fc.property(
        streamModel,
        fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }),
        (model, cuts) => {
          const bytes = serialise(model);
          const whole = parse([bytes]);
          expect(whole).toEqual(expected(model));
          expect(parse(split(bytes, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parses a stream fed one byte at a time like the whole', () => {
    fc.assert(
      fc.property(streamModel, (model) => {
        const bytes = serialise(model);
        const oneByOne = Array.from(bytes, (byte) => new Uint8Array([byte]));
        expect(parse(oneByOne)).toEqual(expected(model));
      }),
      { numRuns: 100 },
    );
  });

  it('parses a stream after end() exactly as a new parser would, whatever came before', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          streamModel.map(serialise),
          fc.uint8Array({ maxLength: 200 }),
          // A stream cut short: a truncated valid one.
          fc.tuple(streamModel, fc.nat()).map(([model, at]) => {
            const bytes = serialise(model);
            return bytes.subarray(0, at % (bytes.length + 1));
          }),
        ),
        streamModel,
        (first, second) => {
          const events: SseEvent[] = [];
          const reused = new SseParser((event) => events.push(event));
          reused.feed(first);
          reused.end();
          events.length = 0;
          reused.feed(serialise(second));
          reused.end();
          expect(events).toEqual(parse([serialise(second)]));
          expect(reused.lastEventId).toBeUndefined();
          expect(reused.retryMs).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes, and any split of them gives the same events', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 8 }),
        (bytes, cuts) => {
          const whole = parse([bytes]);
          expect(parse(split(bytes, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
