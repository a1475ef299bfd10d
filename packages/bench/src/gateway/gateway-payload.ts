// The answer every gateway benchmark request gets from the fake server: a
// short chat answer (64 words), as JSON (about 1 KB) or as an SSE stream of
// one chunk per word written at once. Short answers are what most chat
// traffic is, and they put the gateway's per-request work, not the bytes,
// in front.

/** The answer text. */
export const gatewayAnswer = Array.from({ length: 64 }, (_, index) => `word${index}`).join(' ');

/** The request body both targets get (the model name is the gateway's and the fake server's). */
export function gatewayRequestBody(stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Explain Retry-After in one sentence.' },
    ],
    max_completion_tokens: 128,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** The gateway key the load generator presents. */
export const gatewayBenchKey = 'gw-bench-key-0123456789';
