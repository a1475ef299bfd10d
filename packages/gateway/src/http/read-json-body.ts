import type { IncomingMessage } from 'node:http';
import { InvalidRequestError } from '@org/llm-core';

function tooLarge(limit: number): InvalidRequestError {
  return new InvalidRequestError(
    `The request body is larger than this gateway accepts (${limit} bytes); send fewer or smaller images, or a shorter history.`,
    { status: 413 },
  );
}

/**
 * Reads a JSON request body of at most `limitBytes`. A `content-length` above
 * the limit is refused before anything is read; a body that grows past it
 * while arriving is refused as soon as it does (the rest is not buffered).
 * Throws `InvalidRequestError` with status 413 when too large, 400 when not JSON.
 */
export function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (failed) return;
      const text =
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text) as unknown);
      } catch (error) {
        reject(
          new InvalidRequestError(
            `The request body is not valid JSON (${error instanceof Error ? error.message : String(error)}); send a JSON object with content-type application/json.`,
            { status: 400 },
          ),
        );
      }
    });
    request.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}
