import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json.ts';

describe('extractJson', () => {
  it.each<[string, string, unknown]>([
    ['plain JSON', '{"a":1}', { a: 1 }],
    ['surrounding whitespace', '\n  [1, 2]\n', [1, 2]],
    [
      'a fenced block',
      'Here you go:\n```json\n{"city":"Oslo"}\n```\nAnything else?',
      { city: 'Oslo' },
    ],
    ['an unlabelled fence', '```\n{"ok":true}\n```', { ok: true }],
    ['prose around an object', 'The answer is {"n": 42} as requested.', { n: 42 }],
    ['prose around an array', 'Items: [{"x":1}] done', [{ x: 1 }]],
    ['a scalar', 'true', true],
  ])('finds %s', (_name, text, value) => {
    expect(extractJson(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'the answer was empty'],
    ['no json here', 'no valid JSON value found'],
    ['{"a": 1', 'no valid JSON value found'],
  ])('explains why %j has no JSON', (text, message) => {
    const result = extractJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
