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
