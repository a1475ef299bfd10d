import type { FakeScriptContext } from './fake-script.ts';

/** Content type of OpenAI and Anthropic SSE streams. */
export const eventStreamType = 'text/event-stream; charset=utf-8';

/** The `model` of the request body, when it names one. */
export function requestedModel(context: Pick<FakeScriptContext, 'request'>): string | undefined {
  const body = context.request.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const model = (body as Record<string, unknown>).model;
  return typeof model === 'string' && model !== '' ? model : undefined;
}

/** The model an answer names: the script's, else the request's, else the wire's default. */
export function answerModel(
  context: Pick<FakeScriptContext, 'request'>,
  scripted: string | undefined,
  fallback: string,
): string {
  return scripted ?? requestedModel(context) ?? fallback;
}
