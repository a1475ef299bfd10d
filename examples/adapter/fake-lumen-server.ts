// docs/guides/writing-an-adapter.md, "Testing at the wire".
// A Lumen server for the tests, on 127.0.0.1 and a free port: each request
// gets what the test's `answer` function returns for it. Small, because the
// Lumen wire is small; an adapter for the OpenAI or Anthropic wire uses the
// test kit's fake provider server instead.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { LumenEvent, LumenRequestBody } from './lumen-api.ts';

/** A request the server received. */
export interface LumenRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: LumenRequestBody;
}

/** What the server answers one request with. */
export type FakeLumenAnswer =
  | {
      /** A JSON body with this status. */
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>> | undefined;
      readonly json: unknown;
    }
  | {
      /** A 200 stream of these events, one JSON line each. */
      readonly events: readonly LumenEvent[];
      /** After the events: end the body (default), or keep the connection open and silent. */
      readonly then?: 'end' | 'stall' | undefined;
    };

/** A running fake Lumen server. */
export interface FakeLumenServer {
  /** `http://127.0.0.1:<port>`: the `baseURL` of `createLumen`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly LumenRequest[];
  /** Sets how the server answers from now on. */
  answer(answer: (request: LumenRequest) => FakeLumenAnswer): void;
  /** Stops the server and drops open connections (a stalled stream ends at once). */
  close(): Promise<void>;
}

/** Starts a fake Lumen server; until `answer` is called, every request gets a 500. */
export async function startFakeLumenServer(): Promise<FakeLumenServer> {
  const requests: LumenRequest[] = [];
  const sockets = new Set<Socket>();
  let answerWith = (_request: LumenRequest): FakeLumenAnswer => ({
    status: 500,
    json: { error: { type: 'api_error', message: 'The test gave the fake server no answer.' } },
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: LumenRequest = {
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as LumenRequestBody,
      };
      requests.push(request);
      const answer = answerWith(request);
      if ('json' in answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.json));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      // One write per event, as a server that streams tokens sends them.
      for (const event of answer.events) res.write(`${JSON.stringify(event)}\n`);
      if (answer.then !== 'stall') res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    answer(answer) {
      answerWith = answer;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
