import { describe, expect, it } from 'vitest';
import { findSecretLeaks } from './find-secret-leaks.ts';

const skKey = 'sk-test-leak-0123456789abcdef';
const hexKey = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const paths = (value: unknown, secrets = [skKey, hexKey]) =>
  findSecretLeaks(value, secrets).map((leak) => leak.path);

describe('findSecretLeaks', () => {
  it('finds nothing in a clean error, and never prints the key it found', () => {
    expect(findSecretLeaks(new Error('all good', { cause: new Error('fine') }), [hexKey])).toEqual(
      [],
    );
    const leaks = findSecretLeaks({ message: hexKey }, [hexKey]);
    expect(leaks).toContainEqual({ path: 'message', secret: 0, whole: true });
    expect(JSON.stringify(leaks)).not.toContain(hexKey.slice(0, 8));
  });

  it('follows the cause chain to the end', () => {
    let error = new Error('inner', { cause: { body: `x ${hexKey}` } });
    for (let depth = 0; depth < 12; depth++) error = new Error(`level ${depth}`, { cause: error });
    expect(paths(error, [hexKey])).toContain(`${'cause.'.repeat(13)}body`);
  });

  it('reads non-enumerable, symbol-keyed and getter properties, own and inherited', () => {
    class Partial {
      readonly #text = `typed ${skKey}`;
      get partialText(): string {
        return this.#text;
      }
    }
    const error = new Error('x');
    Object.defineProperty(error, 'hidden', { value: hexKey, enumerable: false });
    Object.defineProperty(error, Symbol('brand'), { value: [hexKey], enumerable: false });
    Object.defineProperty(error, 'lazy', { get: () => hexKey, enumerable: false });
    Object.assign(error, { partial: new Partial() });
    expect(paths(error, [hexKey])).toEqual(
      expect.arrayContaining(['hidden', '[Symbol(brand)][0]', 'lazy']),
    );
    expect(paths(error, [skKey])).toContain('partial.partialText');
  });

  it('survives cycles, and looks into maps, sets, headers, bytes and property names', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.map = new Map([['k', hexKey]]);
    a.set = new Set([skKey]);
    a.headers = new Headers({ 'x-request-id': hexKey });
    a.bytes = new TextEncoder().encode(`raw ${hexKey}`);
    a[`name-${hexKey}`] = 1;
    expect(paths(a)).toEqual(
      expect.arrayContaining([
        'map<map value 0>',
        'set<set 0>',
        'headers["x-request-id"]',
        'bytes<bytes>',
        `["name-${hexKey}"]<name>`,
      ]),
    );
  });

  it('checks what String(), stack, JSON.stringify, toJSON() and util.inspect print', () => {
    const error = new Error(`bad ${hexKey}`);
    const found = paths(error, [hexKey]);
    expect(found).toEqual(
      expect.arrayContaining([
        'message',
        '<String()>',
        '<stack>',
        '<util.inspect>',
        '<util.inspect showHidden>',
      ]),
    );
    const custom = { toJSON: () => ({ id: hexKey }), toString: () => 'clean' };
    expect(paths(custom, [hexKey])).toEqual(expect.arrayContaining(['<toJSON()>']));
  });

  it('finds a piece of a key cut in the middle, with or without an sk- prefix', () => {
    expect(paths({ message: `...${hexKey.slice(0, 9)}` }, [hexKey])).toContain('message');
    expect(paths({ message: skKey.slice(10) }, [skKey])).toContain('message');
    expect(paths({ message: hexKey.slice(0, 7) }, [hexKey])).toEqual([]);
  });

  it('gives up loudly rather than missing a leak in a huge graph', () => {
    const big = Array.from({ length: 50 }, (_, index) => ({ index }));
    expect(() => findSecretLeaks(big, [hexKey], { maxValues: 10 })).toThrow(
      'more than 10 values reachable',
    );
  });
});
