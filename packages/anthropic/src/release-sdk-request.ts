const ignore = (): void => undefined;

/**
 * Lets `@anthropic-ai/sdk` forget a request whose body this adapter read
 * itself. Call it once the body is settled (read to its end, or cancelled)
 * and no reader holds its lock.
 *
 * For a request sent with an abort signal, the SDK (1.x) registers a
 * listener on that signal and a `FinalizationRegistry` entry that holds the
 * request's `AbortController` until the response body is collected; its own
 * readers (the stream iterator, the body parser) lift both when they finish.
 * This adapter reads bodies itself, so the entry stayed, and once that
 * controller had been aborted, the stack of its abort reason reached the body
 * (through the frames that aborted it): the body was never collected, nor the
 * socket, signals and stream around it. A stream whose connection broke
 * mid-body stayed in memory for good.
 *
 * Starting the SDK's own reader on the settled body ends at once (the body is
 * empty, errored or locked) and runs that cleanup.
 *
 * @param request The SDK's object for the request: the `Stream` a streaming
 *   call resolved with, or the `APIPromise` of a non-streaming one.
 */
export function releaseSdkRequest(request: AsyncIterable<unknown> | PromiseLike<unknown>): void {
  try {
    if (Symbol.asyncIterator in request) {
      void request[Symbol.asyncIterator]().next().then(ignore, ignore);
    } else {
      request.then(ignore, ignore);
    }
  } catch {
    // Nothing to release.
  }
}
