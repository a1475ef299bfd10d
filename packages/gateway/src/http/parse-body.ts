import { InvalidRequestError } from '@org/llm-core';
import { toRequestIssues } from '@org/llm-core/adapter-kit';
import type { z } from 'zod';

/**
 * Checks a request body against a wire schema; throws `InvalidRequestError`
 * (400) naming the first field at fault, written the way the wire names
 * fields (`messages[0].content` for OpenAI, `messages.0.content` for Anthropic).
 */
export function parseBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  pathStyle: 'brackets' | 'dots',
): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.', { status: 400 });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = toRequestIssues(parsed.error.issues).map((issue) => ({
    path: pathStyle === 'dots' ? issue.path.replace(/\[(\d+)\]/g, '.$1') : issue.path,
    message: issue.message,
  }));
  const first = issues[0]!;
  const where = first.path === '' ? 'the request body' : `'${first.path}'`;
  throw new InvalidRequestError(`Invalid ${where}: ${first.message}`, { status: 400, issues });
}
