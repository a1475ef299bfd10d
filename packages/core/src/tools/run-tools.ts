import type { ToolCallPart, ToolResultPart } from '../messages/content-parts.ts';
import type { ChatMessage, ToolMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import { toAssistantMessage, type ChatResult } from '../spec/chat-result.ts';
import { addUsage, type Usage } from '../spec/usage.ts';
import { toRequestIssues } from '../spec/validate-chat-request.ts';
import { isExecutableTool, type Tool } from './tool.ts';

/** Why {@link runTools} stopped. */
export type RunToolsStopReason =
  /** The model answered without calling a tool. */
  | 'final-answer'
  /** `maxSteps` model calls were made; the last calls were executed but not shown to the model. */
  | 'max-steps'
  /** The model called a tool that has no `execute` (a plain definition); the app must answer it. */
  | 'unexecutable-tool-call';

/** One model call and the tool results it led to. */
export interface ToolStep {
  /** The model's result for this step. */
  readonly result: ChatResult;
  /** Results of the tool calls of this step, in call order. */
  readonly toolResults: readonly ToolResultPart[];
}

/** What {@link runTools} returns. */
export interface RunToolsResult {
  /** The last model result. */
  readonly result: ChatResult;
  /** The last result's text. */
  readonly text: string;
  /** Every step in order. */
  readonly steps: readonly ToolStep[];
  /** Messages produced by the run (assistant turns and tool results), to append to the history. */
  readonly messages: readonly ChatMessage[];
  /** Usage summed over all steps. */
  readonly usage: Usage;
  /** Why the run stopped. */
  readonly stopReason: RunToolsStopReason;
  /** Tool calls left for the app when `stopReason` is `unexecutable-tool-call`. */
  readonly pendingToolCalls: readonly ToolCallPart[];
}

/** Options of {@link runTools}. */
export interface RunToolsOptions {
  /** Most model calls; default 5. */
  readonly maxSteps?: number | undefined;
  /** Called after every step. */
  readonly onStep?: ((step: ToolStep) => void | Promise<void>) | undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function executeCall(
  call: ToolCallPart,
  tools: ReadonlyMap<string, Tool>,
  messages: readonly ChatMessage[],
  abortSignal: AbortSignal | undefined,
): Promise<ToolResultPart> {
  const base = {
    type: 'tool-result' as const,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
  };
  const found = tools.get(call.toolName);
  if (found === undefined) {
    return {
      ...base,
      isError: true,
      output: `Unknown tool '${call.toolName}'. Available tools: ${[...tools.keys()].join(', ')}.`,
    };
  }
  if (typeof call.input === 'string') {
    return {
      ...base,
      isError: true,
      output: `The arguments for '${call.toolName}' were not valid JSON. Call the tool again with a JSON object.`,
    };
  }
  const parsed = found.schema.safeParse(call.input);
  if (!parsed.success) {
    const issues = toRequestIssues(parsed.error.issues)
      .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
      .join('; ');
    return {
      ...base,
      isError: true,
      output: `Invalid arguments for '${call.toolName}': ${issues}. Call it again with corrected arguments.`,
    };
  }
  try {
    const output = await found.execute(parsed.data, {
      toolCallId: call.toolCallId,
      messages,
      abortSignal,
    });
    return { ...base, output: output === undefined ? null : output };
  } catch (error) {
    // A cancelled run must stop, not report the abort to the model as a tool failure.
    if (abortSignal?.aborted === true) throw abortSignal.reason;
    return {
      ...base,
      isError: true,
      output: `Tool '${call.toolName}' failed: ${errorText(error)}`,
    };
  }
}

/**
 * Executes tool calls concurrently and returns their results in call order.
 * Unknown tools, arguments that are not valid JSON or fail the tool's
 * schema, and exceptions thrown by a tool become error results the model can
 * read; an abort rejects with the signal's reason.
 */
export function executeToolCalls(
  calls: readonly ToolCallPart[],
  tools: readonly Tool[],
  context: {
    readonly messages: readonly ChatMessage[];
    readonly abortSignal?: AbortSignal | undefined;
  },
): Promise<ToolResultPart[]> {
  const byName = new Map(tools.map((definition) => [definition.name, definition]));
  return Promise.all(
    calls.map((call) => executeCall(call, byName, context.messages, context.abortSignal)),
  );
}

/**
 * Calls the model, executes the tools it calls (parallel calls concurrently),
 * feeds results and tool errors back, and repeats until the model answers
 * without tools or `maxSteps` model calls were made.
 *
 * Executable tools come from `request.tools` (made with `tool()`). Invalid
 * arguments, unknown tools and exceptions thrown by tools go back to the
 * model as error results; an abort stops the run with the signal's reason.
 */
export async function runTools(
  model: ChatModel,
  request: ChatRequest,
  options: RunToolsOptions = {},
): Promise<RunToolsResult> {
  const maxSteps = Math.max(1, options.maxSteps ?? 5);
  const tools = new Map<string, Tool>();
  for (const definition of request.tools ?? []) {
    if (isExecutableTool(definition)) tools.set(definition.name, definition);
  }

  const steps: ToolStep[] = [];
  const produced: ChatMessage[] = [];
  let history: ChatMessage[] = [...request.messages];
  let usage: Usage | undefined;

  for (let step = 1; ; step++) {
    const result = await model.generate({ ...request, messages: history });
    usage = usage === undefined ? result.usage : addUsage(usage, result.usage);
    const assistant = toAssistantMessage(result);
    history = [...history, assistant];
    produced.push(assistant);

    const finish = (
      stopReason: RunToolsStopReason,
      toolResults: readonly ToolResultPart[],
      pending: readonly ToolCallPart[] = [],
    ): RunToolsResult => ({
      result,
      text: result.text,
      steps,
      messages: produced,
      usage: usage ?? result.usage,
      stopReason,
      pendingToolCalls: pending,
    });

    if (result.toolCalls.length === 0) {
      const last: ToolStep = { result, toolResults: [] };
      steps.push(last);
      await options.onStep?.(last);
      return finish('final-answer', []);
    }

    const unexecutable = result.toolCalls.filter(
      (call) =>
        !tools.has(call.toolName) && (request.tools ?? []).some((t) => t.name === call.toolName),
    );
    if (unexecutable.length > 0) {
      const last: ToolStep = { result, toolResults: [] };
      steps.push(last);
      await options.onStep?.(last);
      return finish('unexecutable-tool-call', [], result.toolCalls);
    }

    const toolResults = await executeToolCalls(result.toolCalls, [...tools.values()], {
      messages: history,
      abortSignal: request.abortSignal,
    });
    const toolMessage: ToolMessage = { role: 'tool', content: toolResults };
    history = [...history, toolMessage];
    produced.push(toolMessage);
    const current: ToolStep = { result, toolResults };
    steps.push(current);
    await options.onStep?.(current);

    if (step >= maxSteps) return finish('max-steps', toolResults);
  }
}
