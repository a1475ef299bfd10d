import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePartialJson } from './parse-partial-json.ts';

describe('parsePartialJson', () => {
  it.each<[string, unknown]>([
    ['{', {}],
    ['{"na', {}],
    ['{"name"', {}],
    ['{"name":', {}],
    ['{"name":"Os', { name: 'Os' }],
    ['{"name":"Oslo","pop', { name: 'Oslo' }],
    ['{"name":"Oslo","population":70', { name: 'Oslo', population: 70 }],
    ['{"name":"Oslo","population":709000,', { name: 'Oslo', population: 709000 }],
    ['{"tags":["a","b', { tags: ['a', 'b'] }],
    ['{"tags":["a",', { tags: ['a'] }],
    ['{"ok":tr', {}],
    ['{"ok":true,"n":nu', { ok: true }],
    ['{"deep":{"er":{"est":[1,{"x":"y', { deep: { er: { est: [1, { x: 'y' }] } } }],
    ['{"quote":"say \\"hi', { quote: 'say "hi' }],
    ['{"escape":"a\\', { escape: 'a' }],
    ['{"unicode":"caf\\u00', { unicode: 'caf' }],
    ['[1, 2, 3', [1, 2, 3]],
    ['"partial string', 'partial string'],
    ['-', undefined],
    ['', undefined],
  ])('reads %j as %j', (text, value) => {
    expect(parsePartialJson(text)?.value).toEqual(value);
  });

  it('says when the value is complete', () => {
    expect(parsePartialJson('{"a":[1,2]}')).toEqual({ value: { a: [1, 2] }, complete: true });
    expect(parsePartialJson('{"a":[1,2]')?.complete).toBe(false);
  });

  it('ignores text after a complete value', () => {
    expect(parsePartialJson('{"a":1}\n```')).toEqual({ value: { a: 1 }, complete: true });
  });

  it('rejects text that is not JSON', () => {
    expect(parsePartialJson('}')).toBeUndefined();
    expect(parsePartialJson('hello')).toBeUndefined();
  });

  it('never throws on any prefix of any JSON value, and reads the whole text exactly', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        for (let end = 0; end < text.length; end++) parsePartialJson(text.slice(0, end));
        const whole = parsePartialJson(text);
        expect(whole?.complete).toBe(true);
        expect(whole?.value).toEqual(JSON.parse(text));
      }),
    );
  });
});
