import { describe, expect, it } from 'vitest';
import { closestModelIds, editDistance } from './closest-model-ids.ts';

describe('closestModelIds', () => {
  const ids = [
    'claude-sonnet-4-6',
    'claude-sonnet-5-5',
    'claude-opus-4-6',
    'gpt-4o-mini',
    'gpt-4o',
  ];

  it('counts typing mistakes: a letter missing, doubled, swapped or wrong', () => {
    expect(editDistance('claude-sonet-4-6', 'claude-sonnet-4-6')).toBe(1);
    expect(editDistance('gpt-4o-minii', 'gpt-4o-mini')).toBe(1);
    expect(editDistance('gtp-4o', 'gpt-4o')).toBe(1);
    expect(editDistance('gpt-4o', 'gpt-4x')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest ids, and nothing for an id that is nowhere near', () => {
    expect(closestModelIds('claude-sonet-4-6', ids)).toEqual(['claude-sonnet-4-6']);
    expect(closestModelIds('gpt-4o-minii', ids)).toEqual(['gpt-4o-mini']);
    expect(closestModelIds('Claude-Sonnet-4-6x', ids)).toEqual(['claude-sonnet-4-6']);
    expect(closestModelIds('llama3.1:8b', ids)).toEqual([]);
    expect(closestModelIds('gpt', ids)).toEqual([]);
  });

  it('lists every id at the best distance, shortest first', () => {
    expect(closestModelIds('claude-sonnet-4-5', ids)).toEqual([
      'claude-sonnet-4-6',
      'claude-sonnet-5-5',
    ]);
  });
});
