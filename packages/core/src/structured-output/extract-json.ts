/** The outcome of {@link extractJson}. */
export type ExtractJsonResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const fencePattern = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/;

function tryParse(text: string): ExtractJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Finds the JSON value in a model's answer: the whole text, else the first
 * fenced code block, else the span from the first `{` or `[` to the last
 * matching `}` or `]` (models often wrap JSON in prose).
 */
export function extractJson(text: string): ExtractJsonResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'the answer was empty' };
  const whole = tryParse(trimmed);
  if (whole.ok) return whole;

  const fenced = fencePattern.exec(trimmed)?.[1];
  if (fenced !== undefined) {
    const inFence = tryParse(fenced.trim());
    if (inFence.ok) return inFence;
  }

  const objectStart = trimmed.indexOf('{');
  const arrayStart = trimmed.indexOf('[');
  const starts = [objectStart, arrayStart].filter((index) => index >= 0).sort((a, b) => a - b);
  for (const start of starts) {
    const close = trimmed[start] === '{' ? '}' : ']';
    const end = trimmed.lastIndexOf(close);
    if (end > start) {
      const span = tryParse(trimmed.slice(start, end + 1));
      if (span.ok) return span;
    }
  }
  return { ok: false, message: `no valid JSON value found (${whole.message})` };
}
