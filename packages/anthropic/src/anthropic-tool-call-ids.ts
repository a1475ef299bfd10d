/** Tool-use ids Anthropic accepts. */
const anthropicToolCallIdPattern = /^[a-zA-Z0-9_-]+$/;
const invalidCharacters = /[^a-zA-Z0-9_-]/g;

/** FNV-1a (32 bit) of a string, in base 36: short, stable and dependency-free. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Normalises a tool-call id to the characters Anthropic accepts
 * (`^[a-zA-Z0-9_-]+$`). Ids that already match are kept as they are (ours,
 * OpenAI's `call_...`); any other id (`functions.get_weather:0` from some
 * OpenAI-compatible servers) has each other character replaced by `_` and a
 * hash of the original appended, so two ids that differ only in those
 * characters stay distinct. The result depends on the id alone, so a call
 * and its result map to the same id on every turn.
 */
export function toAnthropicToolCallId(id: string): string {
  if (anthropicToolCallIdPattern.test(id)) return id;
  return `${id.replace(invalidCharacters, '_')}_${fnv1a(id)}`;
}

/**
 * The tool-call ids of one request, normalised for Anthropic, with the way
 * back: `toOriginal` turns an id Anthropic mentions (in an error message, for
 * instance) into the caller's own id.
 */
export class AnthropicToolCallIds {
  readonly #toOriginal = new Map<string, string>();

  /** The id to send for `id` (see {@link toAnthropicToolCallId}); remembers the mapping. */
  toAnthropic(id: string): string {
    const wire = toAnthropicToolCallId(id);
    if (wire !== id) this.#toOriginal.set(wire, id);
    return wire;
  }

  /** The caller's id for an id that was sent; ids that were not changed come back as they are. */
  toOriginal(wireId: string): string {
    return this.#toOriginal.get(wireId) ?? wireId;
  }

  /** Whether any id of the request was changed. */
  get changed(): boolean {
    return this.#toOriginal.size > 0;
  }

  /** Replaces every changed id in `text` by the caller's id (for provider error messages). */
  restoreIn(text: string): string {
    let out = text;
    for (const [wire, original] of this.#toOriginal) out = out.split(wire).join(original);
    return out;
  }
}
