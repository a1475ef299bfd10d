// docs/guides/writing-an-adapter.md, "Streaming".
import { ResponseValidationError } from '@org/llm-core';
import { lumenEventSchema, type LumenEvent } from './lumen-api.ts';

/** Who is answering, for the errors' fields. */
export interface LumenEventContext {
  readonly provider: string;
  readonly modelId: string;
}

/**
 * The events of a newline-delimited JSON body, as they arrive: the events of
 * one network read in one array. Stopping early (the reader broke out of its
 * loop, or the call was aborted) cancels the body, which releases the
 * connection.
 */
export async function* readLumenEvents(
  body: ReadableStream<Uint8Array>,
  context: LumenEventContext,
): AsyncGenerator<LumenEvent[]> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let done = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        if (rest.trim() !== '') yield [parseLine(rest, context)];
        return;
      }
      const lines = (rest + chunk.value).split('\n');
      rest = lines.pop()!;
      const events = lines
        .filter((line) => line.trim() !== '')
        .map((line) => parseLine(line, context));
      if (events.length > 0) yield events;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

function parseLine(line: string, context: LumenEventContext): LumenEvent {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    // Not the parser's message: it quotes the line, which is the provider's text.
    throw new ResponseValidationError(
      `${context.provider} sent a stream line that is not JSON (${String(line.length)} characters).`,
      context,
    );
  }
  const parsed = lumenEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResponseValidationError(
      `${context.provider} sent a stream event that is not valid at ${issue.path.join('.') || 'its root'}: ${issue.message}.`,
      context,
    );
  }
  return parsed.data;
}
