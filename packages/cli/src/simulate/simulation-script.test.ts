import { ConfigError } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { parseSimulationScript } from './simulation-script.ts';

/** The problems a script is refused with, one per line. */
function problemsOf(data: unknown): string[] {
  try {
    parseSimulationScript(data, 'script.yaml');
  } catch (error) {
    expect(ConfigError.isInstance(error)).toBe(true);
    const [first, ...rest] = (error as Error).message.split('\n');
    expect(first).toBe('The simulation script script.yaml is not valid:');
    return rest.map((line) => line.replace(/^ {2}- /, ''));
  }
  throw new Error('the script was accepted');
}

describe('parseSimulationScript', () => {
  it('takes a list of steps, or { steps, then }, and an empty file', () => {
    expect(parseSimulationScript([{ text: 'Hi' }], 's')).toEqual({
      steps: [{ text: 'Hi' }],
      then: 'echo',
    });
    expect(
      parseSimulationScript(
        { steps: [{ toolCalls: [{ name: 'f' }], text: 'Calling' }], then: 'error' },
        's',
      ),
    ).toEqual({
      steps: [{ toolCalls: [{ name: 'f', arguments: {} }], text: 'Calling' }],
      then: 'error',
    });
    expect(parseSimulationScript(null, 's')).toEqual({ steps: [], then: 'echo' });
    expect(parseSimulationScript({}, 's')).toEqual({ steps: [], then: 'echo' });
  });

  it('reads every kind of step with its options', () => {
    const steps = [
      { json: { ok: true }, wire: 'openai', model: 'gpt-6-luna', times: 2 },
      { error: { status: 503, message: 'Down', type: 'overloaded_error' } },
      { rateLimited: true, headers: { 'x-trace': '1' } },
      { rateLimited: { retryAfterSeconds: 3 } },
      { text: 'Slow', paceMs: 10, usage: { input: 1, output: 2 } },
      {
        text: 'Broken',
        fault: ['reset', 'echo-key', { cut: 2 }, { stall: { ms: 5, afterChunks: 1 } }],
      },
    ];
    expect(parseSimulationScript(steps, 's').steps).toEqual(steps);
  });

  it('names the step and key of each problem, against the kind of step it is', () => {
    expect(
      problemsOf({
        steps: [
          { text: 5 },
          { wire: 'grpc', text: 'hi' },
          { times: 2 },
          'text',
          { error: { status: 200 } },
          { text: 'x', fault: { cut: -1 } },
          { text: 'x', colour: 'red' },
        ],
        then: 'stop',
      }),
    ).toEqual(['then: echo or error']);
    expect(
      problemsOf([
        { text: 5 },
        { wire: 'grpc', text: 'hi' },
        { times: 2 },
        'text',
        { error: { status: 200 } },
        { text: 'x', fault: { cut: -1 } },
        { text: 'x', colour: 'red' },
      ]),
    ).toEqual([
      'steps.0.text: Invalid input: expected string, received number',
      'steps.1.wire: Invalid option: expected one of "openai"|"anthropic"',
      'steps.2: a step with one of text, toolCalls, json, error or rateLimited',
      'steps.3: a step with one of text, toolCalls, json, error or rateLimited',
      'steps.4.error.status: Too small: expected number to be >=400',
      'steps.5.fault.cut: a whole number of events, 0 or more',
      'steps.6: Unrecognized key: "colour"',
    ]);
    expect(problemsOf('steps')).toEqual([
      'the file: a list of steps, or { steps: [...], then: echo | error }',
    ]);
  });
});
