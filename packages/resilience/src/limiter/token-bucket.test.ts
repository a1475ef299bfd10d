import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('starts full and refills continuously at perMinute / 60,000 per ms, up to its capacity', () => {
    const bucket = new TokenBucket(600, 0);
    expect(bucket.level(0)).toBe(600);
    bucket.take(600, 0);
    expect(bucket.level(1000)).toBe(10);
    expect(bucket.level(120_000)).toBe(600);
  });

  it('says how long until an amount is available', () => {
    const bucket = new TokenBucket(600, 0);
    bucket.take(590, 0);
    expect(bucket.waitFor(10, 0)).toBe(0);
    expect(bucket.waitFor(20, 0)).toBe(1000);
    expect(bucket.waitFor(20, 500)).toBe(500);
  });

  it('goes negative after an underestimate, and refunds never pass capacity', () => {
    const bucket = new TokenBucket(60, 0);
    bucket.take(50, 0);
    bucket.adjust(-30, 0);
    expect(bucket.level(0)).toBe(-20);
    expect(bucket.waitFor(1, 0)).toBe(21_000);
    bucket.adjust(1000, 0);
    expect(bucket.level(0)).toBe(60);
  });

  it("drops to the provider's remaining count and pauses until its reset when nothing is left", () => {
    const bucket = new TokenBucket(1000, 0);
    bucket.tighten(400, 5000, 0);
    expect(bucket.level(0)).toBe(400);
    bucket.tighten(0, 5000, 0);
    expect(bucket.waitFor(0, 0)).toBe(5000);
    expect(bucket.waitFor(0, 4000)).toBe(1000);
  });

  it('hands out nothing while paused', () => {
    const bucket = new TokenBucket(1000, 0);
    bucket.pause(2000, 0);
    bucket.pause(500, 0);
    expect(bucket.waitFor(1, 100)).toBe(1900);
    expect(bucket.waitFor(1, 2000)).toBe(0);
  });
});
