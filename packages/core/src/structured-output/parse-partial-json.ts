/** The outcome of {@link parsePartialJson}. */
export interface PartialJson {
  /** The value the text describes so far (unfinished containers closed, unfinished tokens dropped). */
  readonly value: unknown;
  /** Whether the text is one complete JSON value. */
  readonly complete: boolean;
}

type Container = { readonly kind: '{' | '['; phase: 'key' | 'colon' | 'value' | 'after' };

const closerOf = (stack: readonly Container[]): string =>
  stack
    .map((container) => (container.kind === '{' ? '}' : ']'))
    .reverse()
    .join('');

/**
 * Reads the prefix of a JSON value that a model is still streaming, for
 * partial objects: `{"name":"Os` gives `{ name: 'Os' }`, `[1,2,` gives
 * `[1, 2]`. Open strings that are values are closed; keys without values,
 * dangling commas and unfinished literals are dropped; open containers are
 * closed; text after a complete value (a closing code fence) is ignored.
 * Returns `undefined` when nothing usable has arrived yet (or the text is not
 * JSON).
 */
export function parsePartialJson(text: string): PartialJson | undefined {
  const stack: Container[] = [];
  // An object, not a local: TypeScript does not see the closure below assign it.
  const root = { done: false };
  // The longest prefix known to end cleanly, and the closers it needs.
  let safe: { end: number; closers: string } | undefined;

  const valueDone = (end: number): void => {
    const top = stack.at(-1);
    if (top === undefined) root.done = true;
    else top.phase = 'after';
    safe = { end, closers: closerOf(stack) };
  };

  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t') {
      i++;
      continue;
    }
    const top = stack.at(-1);
    // Text after a complete value (a closing code fence, prose) is ignored.
    if (root.done) return finish(text.slice(0, i), true);
    if (char === '{' || char === '[') {
      stack.push({ kind: char, phase: char === '{' ? 'key' : 'value' });
      i++;
      safe = { end: i, closers: closerOf(stack) };
      continue;
    }
    if (char === '}' || char === ']') {
      if (top === undefined) return undefined;
      stack.pop();
      i++;
      valueDone(i);
      continue;
    }
    if (char === ',') {
      if (top === undefined) return undefined;
      top.phase = top.kind === '{' ? 'key' : 'value';
      i++;
      continue;
    }
    if (char === ':') {
      if (top === undefined) return undefined;
      top.phase = 'value';
      i++;
      continue;
    }
    if (char === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const isKey = top?.kind === '{' && top.phase === 'key';
      if (j >= text.length) {
        if (isKey) break;
        // An unfinished string value: keep what arrived (minus a dangling escape).
        let body = text.slice(i, text.length);
        const escape = /\\(u[0-9a-fA-F]{0,3})?$/.exec(body);
        if (escape !== null) body = body.slice(0, escape.index);
        return finish(`${text.slice(0, i)}${body}"${closerOf(stack)}`, false);
      }
      i = j + 1;
      if (isKey) top.phase = 'colon';
      else valueDone(i);
      continue;
    }
    // A number or a literal (true, false, null).
    let j = i;
    while (j < text.length && !',]} \n\r\t:'.includes(text[j]!)) j++;
    // At the end of the text, "12" may still become "123" but is a number now;
    // "tr" is not a value yet.
    if (j >= text.length && !/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(text.slice(i)))
      break;
    i = j;
    valueDone(i);
  }

  if (root.done && stack.length === 0) return finish(text, true);
  if (safe === undefined) return undefined;
  return finish(`${text.slice(0, safe.end)}${safe.closers}`, false);
}

function finish(candidate: string, complete: boolean): PartialJson | undefined {
  try {
    return { value: JSON.parse(candidate) as unknown, complete };
  } catch {
    return undefined;
  }
}
