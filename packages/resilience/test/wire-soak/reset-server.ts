// A server that answers every request with the first bytes of a recorded
// answer and then resets the connection (TCP RST): a stream whose connection
// breaks mid-body, which the fake provider server does not produce (its
// `cut` fault ends the body cleanly, its `reset` strikes before any byte).
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A started reset server. */
export interface ResetServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /**
   * What the next requests get: `status`, `headers`, then `bytes` cut at the
   * byte count the request's user text names (`… reset-at <n>`, default half).
   */
  answer(status: number, headers: Readonly<Record<string, string>>, bytes: Uint8Array): void;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

/** Starts a reset server on 127.0.0.1, on a free port. */
export async function createResetServer(): Promise<ResetServer> {
  let answer: {
    status: number;
    headers: Readonly<Record<string, string>>;
    bytes: Uint8Array;
  } = { status: 200, headers: {}, bytes: new Uint8Array() };
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const at = /reset-at (\d+)/.exec(body);
      const cut = at === null ? answer.bytes.length >> 1 : Number(at[1]);
      response.writeHead(answer.status, answer.headers);
      response.write(
        Buffer.from(answer.bytes.subarray(0, Math.min(cut, answer.bytes.length))),
        () => {
          response.socket?.resetAndDestroy();
        },
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answer(status, headers, bytes) {
      answer = { status, headers, bytes };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
