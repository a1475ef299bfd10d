// Values of the wrong JSON kind at every place of a valid sequence of JSON
// documents (stream events, chunks, bodies): the document itself, each
// field, each nested field and array item. A mapper given any of them must
// settle with a result or a library error, never a TypeError from reading a
// property of null.

/** A JSON value. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** One of each JSON kind, plus the empty and the null-holding container. */
export const wrongJsonKinds: readonly Json[] = [null, true, 0, 'x', [], [null], {}];

/** A sequence with one value replaced, named by where and by what. */
export interface JsonKindMutation {
  /** `doc 3.delta.text = null`. */
  readonly name: string;
  /** Where: `doc 3.delta.text`. */
  readonly place: string;
  readonly documents: readonly Json[];
}

/** Each place below `value` (itself included), with a function that rebuilds `value` with it replaced. */
function* places(value: Json, place: string): Generator<[string, (replacement: Json) => Json]> {
  yield [place, (replacement) => replacement];
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = value as readonly Json[];
    for (const [index, item] of items.entries()) {
      for (const [childPlace, rebuild] of places(item, `${place}[${index}]`)) {
        yield [
          childPlace,
          (replacement) => items.map((old, at) => (at === index ? rebuild(replacement) : old)),
        ];
      }
    }
    return;
  }
  const object = value as Readonly<Record<string, Json>>;
  for (const [key, child] of Object.entries(object)) {
    for (const [childPlace, rebuild] of places(child, `${place}.${key}`)) {
      yield [childPlace, (replacement) => ({ ...object, [key]: rebuild(replacement) })];
    }
  }
}

/** Every mutation of `documents` that puts one of {@link wrongJsonKinds} in one place. */
export function wrongKindMutations(documents: readonly Json[]): JsonKindMutation[] {
  const out: JsonKindMutation[] = [];
  documents.forEach((document, position) => {
    for (const [place, rebuild] of places(document, `doc ${position}`)) {
      for (const kind of wrongJsonKinds) {
        out.push({
          name: `${place} = ${JSON.stringify(kind)}`,
          place,
          documents: documents.map((original, at) => (at === position ? rebuild(kind) : original)),
        });
      }
    }
  });
  return out;
}
