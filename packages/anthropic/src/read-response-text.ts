import type { CallControl } from '@org/llm-core/adapter-kit';

const decoder = new TextDecoder();

/**
 * Reads a response body as text while the call's deadline runs: the reader
 * is ours, so an expired deadline can cancel it (a body read by
 * `response.text()` is locked and could not be cancelled without an abort
 * signal on the whole request).
 */
export async function readResponseText(response: Response, call: CallControl): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  call.arm('remaining', () => {
    reader.cancel().catch(() => undefined);
  });
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(whole);
}
