/**
 * Tells whether the `openai` SDK stopped reading an event stream before its
 * end. The SDK hides `data: [DONE]`: it stops at that event without an error,
 * exactly as it stops when the body ends without one (a cut connection), and
 * a few compatible servers (OpenRouter routing some models) send `[DONE]`
 * without any `finish_reason`. The one visible difference: at `[DONE]` the
 * SDK cancels its reader of the unread rest of the body, and at the end of
 * the body it does not. So the reader it gets is wrapped to notice `cancel()`.
 *
 * Call it on the response before iterating the SDK's stream (the stream takes
 * its reader lazily). It costs two closures per response and nothing per
 * chunk. A cancel also happens on an abort, an error or an early stop of the
 * reader; the adapter handles those before asking.
 *
 * @returns A function that says whether the reader was cancelled.
 */
export function watchStreamEnd(response: Response): () => boolean {
  const body = response.body;
  let cancelled = false;
  if (body === null) return () => cancelled;
  const getReader = body.getReader.bind(body) as () => ReadableStreamDefaultReader<Uint8Array>;
  Object.defineProperty(body, 'getReader', {
    configurable: true,
    value: (): ReadableStreamDefaultReader<Uint8Array> => {
      const reader = getReader();
      const cancel = reader.cancel.bind(reader);
      Object.defineProperty(reader, 'cancel', {
        configurable: true,
        value: (reason?: unknown): Promise<void> => {
          cancelled = true;
          return cancel(reason);
        },
      });
      return reader;
    },
  });
  return () => cancelled;
}
