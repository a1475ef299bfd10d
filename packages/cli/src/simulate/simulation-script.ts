import { ConfigError } from '@org/llm-core';
import { z } from 'zod';

const count = (what: string) =>
  z
    .number({ error: `a whole number of ${what}, 0 or more` })
    .int({ error: `a whole number of ${what}, 0 or more` })
    .nonnegative({ error: `a whole number of ${what}, 0 or more` });

/** A transport fault, written as in the test kit's `fault.*` builders. */
const faultSchema = z.union(
  [
    z.literal('reset'),
    z.literal('echo-key'),
    z.strictObject({ cut: count('events') }),
    z.strictObject({ malformed: count('events') }),
    z.strictObject({ slowFirstByte: count('milliseconds') }),
    z.strictObject({
      stall: z.strictObject({
        ms: count('milliseconds'),
        afterChunks: count('events').optional(),
        comments: z.boolean().optional(),
      }),
    }),
  ],
  {
    error:
      'a fault: reset, echo-key, { cut: n }, { malformed: n }, { slowFirstByte: ms } or { stall: { ms, afterChunks } }',
  },
);

const toolCallSchema = z.strictObject({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).default({}),
  id: z.string().min(1).optional(),
});

/** What every step may say besides its answer. */
const stepFields = {
  /** Answer only requests for this model id (`gpt-6-luna`, `claude-sonnet-5-5`). */
  model: z.string().min(1).optional(),
  /** Answer only requests on this wire. */
  wire: z.enum(['openai', 'anthropic']).optional(),
  /** How many requests this step answers; default 1. */
  times: z.number().int().positive().optional(),
  /** Token counts to report. */
  usage: z
    .strictObject({ input: count('tokens').optional(), output: count('tokens').optional() })
    .optional(),
  /** Milliseconds between two streamed events. */
  paceMs: count('milliseconds').optional(),
  /** Extra response headers. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Faults to inject while answering. */
  fault: z.union([faultSchema, z.array(faultSchema)]).optional(),
};

/**
 * The schema of each kind of step, by the key that names the kind. A step's
 * kind is read from its keys first, so a mistake is reported against the
 * kind of step it was meant to be, not against every kind at once.
 */
const stepSchemas = {
  toolCalls: z.strictObject({
    ...stepFields,
    toolCalls: z.array(toolCallSchema).min(1),
    text: z.string().optional(),
  }),
  json: z.strictObject({ ...stepFields, json: z.unknown() }),
  error: z.strictObject({
    ...stepFields,
    error: z.strictObject({
      status: z.number().int().min(400).max(599),
      message: z.string().optional(),
      type: z.string().optional(),
    }),
  }),
  rateLimited: z.strictObject({
    ...stepFields,
    rateLimited: z.union([
      z.literal(true),
      z.strictObject({ retryAfterSeconds: count('seconds').optional() }),
    ]),
  }),
  text: z.strictObject({ ...stepFields, text: z.string() }),
};

/** One scripted answer of `llm simulate`, wire-neutral: each wire renders it its own way. */
export type SimulationStep = z.infer<(typeof stepSchemas)[keyof typeof stepSchemas]>;

/** What the simulator answers once the steps are used up. */
export type SimulationFallback = 'echo' | 'error';

/** A simulation script: steps answered in order, then the fallback. */
export interface SimulationScript {
  readonly steps: readonly SimulationStep[];
  readonly then: SimulationFallback;
}

const fileSchema = z.strictObject({
  steps: z.array(z.unknown(), { error: 'a list of steps' }).default([]),
  then: z.enum(['echo', 'error'], { error: 'echo or error' }).default('echo'),
});

/** Where a step or its key is, for messages: `steps.2.usage.input`. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the file' : path.map(String).join('.');
}

/** The step's kind (the first of its keys that names one), or `undefined`. */
function kindOf(step: object): keyof typeof stepSchemas | undefined {
  return (Object.keys(stepSchemas) as (keyof typeof stepSchemas)[]).find((kind) =>
    Object.hasOwn(step, kind),
  );
}

/**
 * Checks a simulation script read from a JSON or YAML file: a list of steps
 * (or `{ steps, then }`), each a `text`, `toolCalls`, `json`, `error` or
 * `rateLimited` answer with optional `model`, `wire`, `times`, `usage`,
 * `paceMs`, `headers` and `fault`.
 *
 * @throws ConfigError naming each problem's step and key.
 */
export function parseSimulationScript(data: unknown, source: string): SimulationScript {
  const problems: string[] = [];
  let rawSteps: readonly unknown[] = [];
  let then: SimulationFallback = 'echo';
  if (Array.isArray(data)) {
    rawSteps = data;
  } else if (typeof data === 'object' && data !== null) {
    const file = fileSchema.safeParse(data);
    if (file.success) {
      rawSteps = file.data.steps;
      then = file.data.then;
    } else {
      problems.push(...file.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`));
    }
  } else if (data !== undefined && data !== null) {
    problems.push('the file: a list of steps, or { steps: [...], then: echo | error }');
  }
  const steps: SimulationStep[] = [];
  rawSteps.forEach((raw, index) => {
    const where = ['steps', index];
    const kind = typeof raw === 'object' && raw !== null ? kindOf(raw) : undefined;
    if (kind === undefined) {
      problems.push(
        `${pathOf(where)}: a step with one of text, toolCalls, json, error or rateLimited`,
      );
      return;
    }
    const step = stepSchemas[kind].safeParse(raw);
    if (step.success) steps.push(step.data);
    else {
      problems.push(
        ...step.error.issues.map(
          (issue) => `${pathOf([...where, ...issue.path])}: ${issue.message}`,
        ),
      );
    }
  });
  if (problems.length > 0) {
    throw new ConfigError(
      `The simulation script ${source} is not valid:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    );
  }
  return { steps, then };
}
