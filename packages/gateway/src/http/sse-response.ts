import type { ServerResponse } from 'node:http';

/**
 * An SSE answer being written: the head once, then events. Events written in
 * one turn of the event loop (a burst the upstream sent in one or several
 * packets read together) are joined and leave in one socket write at the end
 * of that turn (`setImmediate`), which costs no wait but saves a system call
 * per event; when
 * Node's buffer is full, the next write waits for it to drain, so a slow
 * client slows the upstream read instead of filling the gateway's memory.
 */
export class SseResponse {
  readonly #response: ServerResponse;
  #pending = '';
  #scheduled = false;
  #drained: Promise<void> | undefined;
  readonly #flush = (): void => {
    this.#scheduled = false;
    const text = this.#pending;
    this.#pending = '';
    if (text === '' || this.#response.destroyed) return;
    if (!this.#response.write(text)) {
      this.#drained = new Promise((resolve) => {
        const done = (): void => {
          this.#response.off('drain', done);
          this.#response.off('close', done);
          this.#drained = undefined;
          resolve();
        };
        this.#response.on('drain', done);
        this.#response.on('close', done);
      });
    }
  };

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
  }

  /** Queues `text` for this turn's write; returns a promise only when the client is slow. */
  write(text: string): Promise<void> | undefined {
    if (text === '' || this.#response.destroyed) return this.#drained;
    this.#pending += text;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
    return this.#drained;
  }

  /** Writes what is queued and `text`, and ends the answer. */
  end(text = ''): void {
    const rest = this.#pending + text;
    this.#pending = '';
    if (!this.#response.destroyed) this.#response.end(rest);
  }
}
