import { describe, expect, it } from 'vitest';
import { wrongJsonKinds, wrongKindMutations } from './wrong-json-kinds.ts';

describe('wrongKindMutations', () => {
  const documents = [{ a: { b: [1, { c: 'x' }] } }, 'plain'];
  const all = wrongKindMutations(documents);

  it('replaces each document, each field and each array item, with each kind', () => {
    const places = [...new Set(all.map((mutation) => mutation.place))];
    expect(places).toEqual([
      'doc 0',
      'doc 0.a',
      'doc 0.a.b',
      'doc 0.a.b[0]',
      'doc 0.a.b[1]',
      'doc 0.a.b[1].c',
      'doc 1',
    ]);
    expect(all).toHaveLength(places.length * wrongJsonKinds.length);
  });

  it('changes only the named place and leaves the input as it was', () => {
    const mutation = all.find((candidate) => candidate.name === 'doc 0.a.b[1].c = null');
    expect(mutation?.documents).toEqual([{ a: { b: [1, { c: null }] } }, 'plain']);
    expect(documents).toEqual([{ a: { b: [1, { c: 'x' }] } }, 'plain']);
  });
});
