import type { TextStreamPart, ToolSet } from 'ai';

/** The API key every client sends (the fake server accepts any). */
export const benchApiKey = 'sk-bench-0123456789abcdef';

/** The user prompt every client sends. */
export const benchPrompt = 'Invent a new holiday and describe its traditions.';

/**
 * Turns off the Vercel AI SDK's console warnings (it warns about settings the
 * fake server's answers do not carry), so they neither cost CPU nor clutter
 * the output. The SDK reads this documented global.
 */
export function silenceVercelWarnings(): void {
  globalThis.AI_SDK_LOG_WARNINGS = false;
}

/**
 * Reads a Vercel AI SDK `streamText` result's `stream` the way an application
 * would: calls `onFirstText` at the first non-empty text delta, throws an
 * `error` part, and returns the length of the text read.
 */
export async function readVercelTextStream(
  stream: AsyncIterable<TextStreamPart<ToolSet>>,
  onFirstText: (() => void) | undefined,
): Promise<number> {
  let length = 0;
  let first = onFirstText;
  for await (const part of stream) {
    if (part.type === 'error') throw part.error;
    if (part.type !== 'text-delta' || part.text === '') continue;
    if (first !== undefined) {
      first();
      first = undefined;
    }
    length += part.text.length;
  }
  return length;
}
