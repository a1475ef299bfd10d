import type { ServerResponse } from 'node:http';

/**
 * An SSE answer being written: the head once, then events, waiting for the
 * socket to drain whenever Node's buffer is full, so a slow client slows the
 * upstream read instead of filling the gateway's memory.
 */
export class SseResponse {
  readonly #response: ServerResponse;

  constructor(response: ServerResponse, headers: Readonly<Record<string, string>> = {}) {
    this.#response = response;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Tell nginx-style proxies in front not to buffer the stream.
      'x-accel-buffering': 'no',
      ...headers,
    });
    // Headers go out with the first event rather than alone.
  }

  /** Writes `text`; resolves at once unless the client is slow. */
  write(text: string): Promise<void> | undefined {
    if (text === '' || this.#response.destroyed) return undefined;
    if (this.#response.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        this.#response.off('drain', done);
        this.#response.off('close', done);
        resolve();
      };
      this.#response.on('drain', done);
      this.#response.on('close', done);
    });
  }

  /** Ends the answer. */
  end(text = ''): void {
    if (!this.#response.destroyed) this.#response.end(text);
  }
}
