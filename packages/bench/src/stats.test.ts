import { describe, expect, it } from 'vitest';
import { median, quantile, summarize } from './stats.ts';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects an empty list and non-finite values with a message saying what is wrong', () => {
    expect(() => median([])).toThrow('no values');
    expect(() => median([1, Number.NaN])).toThrow('finite number, got NaN');
  });
});

describe('quantile', () => {
  it('interpolates linearly between ranks', () => {
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(quantile([10, 20, 30], 1)).toBe(30);
  });

  it('rejects q outside 0..1', () => {
    expect(() => quantile([1], 1.5)).toThrow('from 0 to 1, got 1.5');
  });
});

describe('summarize', () => {
  it('gives the spread as the interquartile range over the median', () => {
    const summary = summarize([90, 100, 110, 100, 100]);
    expect(summary).toMatchObject({ median: 100, q1: 100, q3: 100, min: 90, max: 110, count: 5 });
    expect(summary.spread).toBe(0);
    expect(summarize([80, 90, 100, 110, 120]).spread).toBeCloseTo(0.2);
  });

  it('has no spread for one value and an undefined one around a zero median', () => {
    expect(summarize([7]).spread).toBe(0);
    expect(summarize([-1, 0, 1]).spread).toBeNaN();
  });
});
