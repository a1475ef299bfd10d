import type { CallControl } from './call-control.ts';
import { transportFailure } from './transport-failure.ts';

const decoder = new TextDecoder();

/**
 * Reads a response body as text while the call's deadline runs: the reader
 * is ours, so an expired deadline can cancel it (a body read by
 * `response.text()` is locked and could not be cancelled without an abort
 * signal on the whole request). A failed read is marked as the
 * transport's (see `transportFailure`).
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
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (error) {
      throw transportFailure(error);
    }
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.byteLength;
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
