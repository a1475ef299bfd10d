import { FakeServerError } from './fake-server-error.ts';

/**
 * Splits text into word-sized deltas the way models stream them: each piece
 * carries its leading whitespace ("Hello", " world", "!"). Empty text gives
 * no piece.
 */
export function splitWords(text: string): string[] {
  if (text === '') return [];
  const pieces = text.match(/\s*\S+/g) ?? [];
  const last = pieces.pop();
  if (last === undefined) return [text];
  // Trailing whitespace rides on the last piece.
  const covered = pieces.join('').length + last.length;
  return [...pieces, last + text.slice(covered)];
}

/**
 * Splits text into pieces of at most `size` code points, never inside a
 * surrogate pair, so each piece is valid UTF-16 on its own (as real streams
 * of tool arguments are).
 */
export function splitCodePoints(text: string, size: number): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < points.length; start += size) {
    pieces.push(points.slice(start, start + size).join(''));
  }
  return pieces;
}

/** The deltas to stream: `chunks` when given (they must concatenate to `text`), else {@link splitWords}. */
export function resolveChunks(
  text: string,
  chunks: readonly string[] | undefined,
  what: string,
): string[] {
  if (chunks === undefined) return splitWords(text);
  if (chunks.join('') !== text) {
    throw new FakeServerError(
      `${what}: chunks must concatenate to the text. Got ${JSON.stringify(chunks.join(''))} for ${JSON.stringify(text)}.`,
    );
  }
  return [...chunks];
}

/** The size of the argument pieces of streamed tool calls (in code points). */
export const argumentPieceSize = 8;
