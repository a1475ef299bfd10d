import type { z } from 'zod';
import { InvalidRequestError, type RequestIssue } from '../errors/provider-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatRequest } from './chat-request.ts';
import { matchesChatRequestSchema } from './matches-chat-request-schema.ts';

/** Formats a zod path as `messages[3].content[1].toolCallId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Flattens zod issues into {@link RequestIssue}s. For a union (a message's
 * content may be a string or a list of parts) zod reports every branch; we
 * keep the branch that got furthest, which is the one the caller meant.
 */
export function toRequestIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): RequestIssue[] {
  const out: RequestIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]): number =>
        Math.max(
          ...branch.map((inner) => inner.path.length + (inner.code === 'invalid_union' ? 1 : 0)),
        );
      const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0) {
        out.push(...toRequestIssues(best, path));
        continue;
      }
    }
    out.push({ path: formatPath(path), message: describeIssue(issue) });
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (
    issue.code === 'invalid_union' &&
    'discriminator' in issue &&
    typeof issue.discriminator === 'string'
  ) {
    return `unknown ${issue.discriminator}; ${issue.message}`;
  }
  if (issue.code === 'invalid_union') {
    // No branch got further than the other (`content: 42`): say what each accepts.
    const expected = issue.errors
      .map((branch) => branch[0])
      .filter((inner) => inner?.code === 'invalid_type')
      .map((inner) => inner.expected);
    const received = /received (\w+)/.exec(issue.errors[0]?.[0]?.message ?? '')?.[1];
    if (expected.length === issue.errors.length && expected.length > 0) {
      return `Invalid input: expected ${expected.join(' or ')}${received === undefined ? '' : `, received ${received}`}`;
    }
  }
  if (issue.code === 'invalid_type' && issue.expected === 'nonoptional') return 'is required';
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Where a content part is: `messages[3].content[1]`. */
interface PartAt {
  readonly index: number;
  readonly partIndex: number;
}

const pathOf = (at: PartAt): string => `messages[${at.index}].content[${at.partIndex}]`;

/**
 * Semantic checks zod cannot express: tool-call ids, tool names, tool choice.
 * Paths are built only for an issue, and the maps only for a conversation
 * with tool calls: most requests have none.
 */
function checkSemantics(request: ChatRequest): RequestIssue[] {
  const issues: RequestIssue[] = [];
  let calls: Map<string, PartAt & { readonly toolName: string }> | undefined;
  // Tool calls of the last assistant message that no tool-result answered yet.
  let pending: Map<string, PartAt> | undefined;

  const reportUnanswered = (): void => {
    for (const [id, at] of pending!) {
      issues.push({
        path: pathOf(at),
        message: `tool call '${id}' has no tool-result; answer every tool call in a tool message right after the assistant message`,
      });
    }
    pending = undefined;
  };

  const messages: readonly ChatMessage[] = request.messages;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role !== 'tool' && pending !== undefined && pending.size > 0) reportUnanswered();
    if (message.role === 'assistant' && typeof message.content !== 'string') {
      const content = message.content;
      for (let partIndex = 0; partIndex < content.length; partIndex++) {
        const part = content[partIndex]!;
        if (part.type !== 'tool-call') continue;
        calls ??= new Map();
        const earlier = calls.get(part.toolCallId);
        if (earlier !== undefined) {
          issues.push({
            path: pathOf({ index, partIndex }),
            message: `duplicate toolCallId '${part.toolCallId}' (already used at ${pathOf(earlier)}); tool-call ids must be unique`,
          });
          continue;
        }
        calls.set(part.toolCallId, { index, partIndex, toolName: part.toolName });
        (pending ??= new Map()).set(part.toolCallId, { index, partIndex });
      }
    }
    if (message.role === 'tool') {
      const content = message.content;
      for (let partIndex = 0; partIndex < content.length; partIndex++) {
        const part = content[partIndex]!;
        const call = calls?.get(part.toolCallId);
        if (call === undefined) {
          issues.push({
            path: pathOf({ index, partIndex }),
            message: `tool-result references unknown toolCallId '${part.toolCallId}'; it must answer a tool-call of an earlier assistant message`,
          });
        } else if (call.toolName !== part.toolName) {
          issues.push({
            path: pathOf({ index, partIndex }),
            message: `tool-result for '${part.toolCallId}' names tool '${part.toolName}' but the call was to '${call.toolName}'`,
          });
        }
        pending?.delete(part.toolCallId);
      }
    }
  }
  if (pending !== undefined && pending.size > 0) reportUnanswered();

  const tools = request.tools ?? [];
  const toolNames = new Set<string>();
  for (let index = 0; index < tools.length; index++) {
    const name = tools[index]!.name;
    if (toolNames.has(name)) {
      issues.push({ path: `tools[${index}].name`, message: `duplicate tool name '${name}'` });
    }
    toolNames.add(name);
  }
  const choice = request.toolChoice;
  if (choice !== undefined && choice !== 'auto' && choice !== 'none' && tools.length === 0) {
    issues.push({ path: 'toolChoice', message: `requires at least one tool in 'tools'` });
  }
  if (typeof choice === 'object' && tools.length > 0 && !toolNames.has(choice.toolName)) {
    issues.push({
      path: 'toolChoice.toolName',
      message: `names tool '${choice.toolName}', which is not in 'tools' (${[...toolNames].join(', ')})`,
    });
  }
  return issues;
}

/** Formats issues as one message, one line per issue. */
function describeIssues(issues: readonly RequestIssue[]): string {
  const lines = issues.map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
  return lines.length === 1
    ? `Invalid chat request: ${lines[0]!}`
    : `Invalid chat request:\n- ${lines.join('\n- ')}`;
}

/**
 * Checks a request at the boundary and resolves to it unchanged, or rejects
 * with an {@link InvalidRequestError} whose `issues` list every problem with
 * its path: "messages[3].content[1]: tool-result references unknown
 * toolCallId 'call_9'". Adapters call it before anything leaves the process.
 *
 * A request the hand-written check accepts never loads zod; only one it does
 * not accept loads the schemas (`@org/llm-core/schemas`), to get zod's
 * verdict and its precise issues. That is why it is async.
 */
export async function validateChatRequest(
  request: unknown,
  context: { provider?: string; modelId?: string } = {},
): Promise<ChatRequest> {
  // Most requests pass the hand-written check and never reach zod, whose
  // import was the largest part of a cold start and whose parse of a whole
  // conversation was the largest part of a call's own CPU time. Anything
  // the check does not accept gets zod's verdict and its precise issues.
  let issues: RequestIssue[];
  if (matchesChatRequestSchema(request)) {
    issues = checkSemantics(request);
  } else {
    const { chatRequestSchema } = await import('./chat-request.ts');
    const parsed = chatRequestSchema.safeParse(request);
    issues = parsed.success ? checkSemantics(parsed.data) : toRequestIssues(parsed.error.issues);
  }
  if (issues.length > 0) {
    throw new InvalidRequestError(describeIssues(issues), { ...context, issues });
  }
  return request as ChatRequest;
}
