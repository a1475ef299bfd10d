/**
 * Patterns of credentials that may show up in provider messages or bodies.
 * OpenAI echoes a masked key in 401 messages ("Incorrect API key provided:
 * sk-abc***xyz"); proxies sometimes echo headers. We remove all of them.
 */
const secretPatterns: readonly RegExp[] = [
  // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), and similar prefixed keys.
  /\bsk-[A-Za-z0-9_*-]{6,}/g,
  // Bearer tokens in echoed Authorization headers.
  /\b(Bearer)\s+[A-Za-z0-9._~+/=*-]+/gi,
  // key=value or "key": "value" forms of API-key-like fields.
  // The value may already be a redacted bearer token ("Authorization: Bearer [redacted]").
  /\b(api[-_]?key|x-api-key|authorization|access[-_]?token)(["']?\s*[:=]\s*["']?)(?!Bearer\b|\[redacted\])[^\s"',;}]+/gi,
];

/**
 * Returns `text` with anything that looks like an API key, bearer token or
 * credential assignment replaced by `[redacted]`. `knownSecrets` (the exact
 * keys an adapter holds) are removed as well, whatever their shape.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(secretPatterns[0]!, '[redacted]')
    .replace(secretPatterns[1]!, '$1 [redacted]')
    .replace(secretPatterns[2]!, '$1$2[redacted]');
}
