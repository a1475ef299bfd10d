import {
  anthropic,
  createFakeProviderServer,
  fault as faults,
  openai,
  type AnthropicErrorType,
  type FakeProviderServer,
  type FakeScript,
  type FakeScriptOptions,
  type Fault,
  type RecordedRequest,
} from '@org/llm-testkit';
import type { SimulationScript, SimulationStep } from './simulation-script.ts';

/** One request the simulator answered, for its log. */
export interface SimulatedRequest {
  /** `openai` or `anthropic`. */
  readonly wire: 'openai' | 'anthropic';
  /** The model the request named. */
  readonly model: string;
  /** What answered it: `step 2 (text)`, `echo`, or `no step left (500)`. */
  readonly answer: string;
}

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Port on 127.0.0.1; default 0 (a free one). */
  readonly port?: number | undefined;
  /** Called for each request with what answered it. */
  readonly onRequest?: ((request: SimulatedRequest) => void) | undefined;
}

type StepFault = NonNullable<SimulationStep['fault']>;

function toFaults(input: StepFault | undefined): Fault[] {
  if (input === undefined) return [];
  return (Array.isArray(input) ? input : [input]).map((item) => {
    if (item === 'reset') return faults.reset();
    if (item === 'echo-key') return faults.echoKey();
    if ('cut' in item) return faults.cut(item.cut);
    if ('malformed' in item) return faults.malformed(item.malformed);
    if ('slowFirstByte' in item) return faults.slowFirstByte(item.slowFirstByte);
    return faults.stall(item.stall.ms, {
      ...(item.stall.afterChunks === undefined ? {} : { afterChunks: item.stall.afterChunks }),
      ...(item.stall.comments === undefined ? {} : { comments: item.stall.comments }),
    });
  });
}

/** The text of the last user message of a request, on either wire. */
function lastUserText(request: RecordedRequest): string {
  const body = request.body as
    { messages?: readonly { role?: string; content?: unknown }[] } | undefined;
  const last = [...(body?.messages ?? [])].reverse().find((message) => message.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: { type?: string; text?: string }) =>
        part.type === 'text' ? (part.text ?? '') : '',
      )
      .join('');
  }
  return '';
}

/** The kind of a step, for the log. */
function kindOf(step: SimulationStep): string {
  if ('toolCalls' in step) return 'toolCalls';
  if ('json' in step) return 'json';
  if ('error' in step) return 'error';
  if ('rateLimited' in step) return 'rateLimited';
  return 'text';
}

/** The test kit script that renders `step` on `wire`. */
export function scriptFor(
  step: SimulationStep,
  wire: 'openai' | 'anthropic',
  request: RecordedRequest,
): FakeScript {
  const common: FakeScriptOptions = {
    fault: toFaults(step.fault),
    ...(step.paceMs === undefined ? {} : { paceMs: step.paceMs }),
    ...(step.headers === undefined ? {} : { headers: step.headers }),
  };
  const openaiUsage =
    step.usage === undefined
      ? {}
      : { usage: { promptTokens: step.usage.input, completionTokens: step.usage.output } };
  const anthropicUsage =
    step.usage === undefined
      ? {}
      : { usage: { inputTokens: step.usage.input, outputTokens: step.usage.output } };

  if ('toolCalls' in step) {
    const text = step.text === undefined ? {} : { text: step.text };
    return wire === 'openai'
      ? openai.toolCalls(
          step.toolCalls.map((call) => ({
            name: call.name,
            arguments: call.arguments,
            id: call.id,
          })),
          { ...common, ...openaiUsage, ...text },
        )
      : anthropic.toolUse(
          step.toolCalls.map((call) => ({ name: call.name, input: call.arguments, id: call.id })),
          { ...common, ...anthropicUsage, ...text },
        );
  }
  if ('json' in step) {
    if (wire === 'openai') return openai.jsonObject(step.json, { ...common, ...openaiUsage });
    // Claude without native structured output is forced to call a tool whose input is the answer.
    const choice = (request.body as { tool_choice?: { type?: string; name?: string } } | undefined)
      ?.tool_choice;
    const isObject =
      typeof step.json === 'object' && step.json !== null && !Array.isArray(step.json);
    return choice?.type === 'tool' && choice.name !== undefined && isObject
      ? anthropic.toolUse([{ name: choice.name, input: step.json as Record<string, unknown> }], {
          ...common,
          ...anthropicUsage,
        })
      : anthropic.text(JSON.stringify(step.json), { ...common, ...anthropicUsage });
  }
  if ('error' in step) {
    const message = step.error.message ?? `Simulated error ${String(step.error.status)}`;
    return wire === 'openai'
      ? openai.error(step.error.status, { ...common, message, type: step.error.type })
      : anthropic.error(step.error.status, {
          ...common,
          message,
          type: step.error.type as AnthropicErrorType | undefined,
        });
  }
  if ('rateLimited' in step) {
    const seconds = step.rateLimited === true ? {} : step.rateLimited;
    return wire === 'openai'
      ? openai.rateLimited({ ...common, ...seconds })
      : anthropic.rateLimited({ ...common, ...seconds });
  }
  return wire === 'openai'
    ? openai.text(step.text, { ...common, ...openaiUsage })
    : anthropic.text(step.text, { ...common, ...anthropicUsage });
}

/**
 * Starts the test kit's fake provider server as a standalone simulator on
 * 127.0.0.1: it speaks the OpenAI Chat Completions and the Anthropic
 * Messages wires at once, and answers each request with the first step of
 * `script` that matches it (its `model` and `wire`, when given), used up
 * after `times` requests; then, with `then: echo`, it echoes the last user
 * message (`You said: ...`), with `then: error`, a loud HTTP 500 that names
 * the request.
 */
export async function startSimulator(
  script: SimulationScript,
  options: SimulatorOptions = {},
): Promise<FakeProviderServer> {
  const server = await createFakeProviderServer({ port: options.port });
  const pending = script.steps.map((step, index) => ({ step, index, left: step.times ?? 1 }));
  server.handle((request) => {
    const wire = request.endpoint === 'openai-chat' ? 'openai' : 'anthropic';
    const named = (request.body as { model?: unknown } | undefined)?.model;
    const model = typeof named === 'string' ? named : '';
    const report = (answer: string): void => options.onRequest?.({ wire, model, answer });
    if (request.endpoint === 'anthropic-count-tokens') {
      report('count tokens');
      // About four characters a token, as the adapters' own estimate.
      return anthropic.countTokens(Math.max(1, Math.ceil(request.rawBody.length / 4)));
    }
    const entry = pending.find(
      (candidate) =>
        candidate.left > 0 &&
        (candidate.step.model === undefined || candidate.step.model === model) &&
        (candidate.step.wire === undefined || candidate.step.wire === wire),
    );
    if (entry !== undefined) {
      entry.left--;
      report(`step ${String(entry.index + 1)} (${kindOf(entry.step)})`);
      return scriptFor(entry.step, wire, request);
    }
    if (script.then === 'error') {
      report('no step left (500)');
      return undefined;
    }
    report('echo');
    const text = `You said: ${lastUserText(request)}`;
    return wire === 'openai' ? openai.text(text) : anthropic.text(text);
  });
  return server;
}
