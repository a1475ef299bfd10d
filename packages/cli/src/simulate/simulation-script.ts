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
      'a fault: reset, { cut: n }, { malformed: n }, { slowFirstByte: ms } or { stall: { ms, afterChunks } }',
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

/** One scripted answer of `llm simulate`, wire-neutral: each wire renders it its own way. */
export const simulationStepSchema = z.union(
  [
    z.strictObject({ ...stepFields, text: z.string() }),
    z.strictObject({
      ...stepFields,
      toolCalls: z.array(toolCallSchema).min(1),
      text: z.string().optional(),
    }),
    z.strictObject({ ...stepFields, json: z.unknown() }),
    z.strictObject({
      ...stepFields,
      error: z.strictObject({
        status: z.number().int().min(400).max(599),
        message: z.string().optional(),
        type: z.string().optional(),
      }),
    }),
    z.strictObject({
      ...stepFields,
      rateLimited: z.union([
        z.literal(true),
        z.strictObject({ retryAfterSeconds: count('seconds').optional() }),
      ]),
    }),
  ],
  { error: 'a step with one of text, toolCalls, json, error or rateLimited' },
);

/** One step of a simulation script. */
export type SimulationStep = z.infer<typeof simulationStepSchema>;

/** What the simulator answers once the steps are used up. */
export type SimulationFallback = 'echo' | 'error';

/** A simulation script: steps answered in order, then the fallback. */
export interface SimulationScript {
  readonly steps: readonly SimulationStep[];
  readonly then: SimulationFallback;
}

const fileSchema = z.union(
  [
    z.array(simulationStepSchema),
    z.strictObject({
      steps: z.array(simulationStepSchema).default([]),
      then: z.enum(['echo', 'error']).default('echo'),
    }),
  ],
  { error: 'a list of steps, or { steps: [...], then: echo | error }' },
);

/**
 * Checks a simulation script read from a JSON or YAML file: a list of steps
 * (or `{ steps, then }`), each a `text`, `toolCalls`, `json`, `error` or
 * `rateLimited` answer with optional `model`, `wire`, `times`, `usage`,
 * `paceMs`, `headers` and `fault`.
 *
 * @throws ConfigError naming each problem's step and key.
 */
export function parseSimulationScript(data: unknown, source: string): SimulationScript {
  const parsed = fileSchema.safeParse(data ?? []);
  if (!parsed.success) {
    // The deepest issue of a union says most; zod reports the union's own first.
    const issues = parsed.error.issues.flatMap((issue) =>
      issue.code === 'invalid_union' && issue.errors.length > 0
        ? issue.errors.reduce((best, candidate) =>
            candidate.length < best.length ? candidate : best,
          )
        : [issue],
    );
    const lines = issues.map((issue) => {
      const where = issue.path.length === 0 ? 'the file' : issue.path.join('.');
      return `${where}: ${issue.message}`;
    });
    throw new ConfigError(
      `The simulation script ${source} is not valid:\n${lines.map((line) => `  - ${line}`).join('\n')}`,
    );
  }
  const value = parsed.data;
  return Array.isArray(value)
    ? { steps: value, then: 'echo' }
    : { steps: value.steps, then: value.then };
}
