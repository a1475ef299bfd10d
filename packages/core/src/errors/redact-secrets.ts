/**
 * Patterns of credentials that may show up in provider messages or bodies.
 * OpenAI echoes a masked key in 401 messages ("Incorrect API key provided:
 * sk-abc***xyz"); proxies sometimes echo headers. We remove all of them.
 */
const secretPatterns: readonly RegExp[] = [
  // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), and similar prefixed keys,
  // also after an underscore ("req_sk-...") but not inside a word ("risk-...").
  /(?<![A-Za-z0-9])sk-[A-Za-z0-9_*-]{6,}/g,
  // Bearer tokens in echoed Authorization headers.
  /\b(Bearer)\s+[A-Za-z0-9._~+/=*-]+/gi,
  // key=value or "key": "value" forms of API-key-like fields.
  // The value may already be a redacted bearer token ("Authorization: Bearer [redacted]").
  /\b(api[-_]?key|x-api-key|authorization|access[-_]?token)(["']?\s*[:=]\s*["']?)(?!Bearer\b|\[redacted\])[^\s"',;}]+/gi,
];

/** Known secrets shorter than this are not looked for (they would match ordinary text). */
const minSecretLength = 4;
/** A known secret cut at an edge of the text is removed when at least this much of it is there. */
const minEdgeFragment = 4;

/**
 * Removes the part of a known secret that a cut left at the start or end of
 * `text`: a body a proxy truncated, or a snippet cut by someone else, may end
 * in the first characters of a key (or start with its last ones), which an
 * exact match no longer finds.
 */
function redactCutEdges(text: string, secret: string): string {
  let out = text;
  for (let length = secret.length - 1; length >= minEdgeFragment; length--) {
    if (out.endsWith(secret.slice(0, length))) {
      out = `${out.slice(0, out.length - length)}[redacted]`;
      break;
    }
  }
  for (let length = secret.length - 1; length >= minEdgeFragment; length--) {
    if (out.startsWith(secret.slice(secret.length - length))) {
      out = `[redacted]${out.slice(length)}`;
      break;
    }
  }
  return out;
}

/**
 * Returns `text` with anything that looks like an API key, bearer token or
 * credential assignment replaced by `[redacted]`. `knownSecrets` (the exact
 * keys an adapter holds) are removed as well, whatever their shape, and so
 * is what is left of one at either end of the text (at least 4 characters
 * of it), where a cut made elsewhere may have split it.
 *
 * Redact before cutting: a key split by a cut made afterwards is no longer
 * recognised, so cut the redacted text, never the other way round.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length < minSecretLength) continue;
    out = out.split(secret).join('[redacted]');
    if (secret.length > minEdgeFragment) out = redactCutEdges(out, secret);
  }
  return out
    .replace(secretPatterns[0]!, '[redacted]')
    .replace(secretPatterns[1]!, '$1 [redacted]')
    .replace(secretPatterns[2]!, '$1$2[redacted]');
}
