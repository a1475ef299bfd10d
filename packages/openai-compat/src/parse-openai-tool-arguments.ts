/**
 * Parses a tool call's JSON argument text. Empty text (a tool without
 * parameters, on servers that send `""` rather than `"{}"`) is `{}`; text
 * that is not valid JSON is returned as is, so the tool loop can report the
 * problem back to the model instead of failing the call.
 */
export function parseOpenAIToolArguments(text: string | null | undefined): unknown {
  if (text === undefined || text === null || text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
