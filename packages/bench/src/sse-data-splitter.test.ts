import { describe, expect, it } from 'vitest';
import { createSseDataSplitter } from './sse-data-splitter.ts';

function split(pieces: readonly string[]): string[] {
  const data: string[] = [];
  const push = createSseDataSplitter((payload) => data.push(payload));
  for (const piece of pieces) push(piece);
  return data;
}

describe('createSseDataSplitter (the bare baselines’ SSE handling)', () => {
  const stream = 'event: a\ndata: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n';

  it('gives the data of every complete event, skipping other fields', () => {
    expect(split([stream])).toEqual(['{"n":1}', '{"n":2}', '[DONE]']);
  });

  it('gives the same events however the text is cut', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(split([stream.slice(0, cut), stream.slice(cut)])).toEqual(split([stream]));
    }
    expect(split(Array.from(stream))).toEqual(split([stream]));
  });

  it('holds an event back until its blank line arrives', () => {
    expect(split(['data: {"n":1}\n'])).toEqual([]);
  });
});
