import {
  AllAttemptsFailedError,
  AuthenticationError,
  ConfigError,
  RateLimitError,
  ServerError,
} from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { Output } from './output.ts';
import { CommandLineError, exitCodes, reportError } from './report-error.ts';

/** Reports `error` and returns the exit code and what standard error got. */
function report(error: unknown, debug = false, redact?: (text: string) => string) {
  let text = '';
  const err = new Output(
    {
      write: (chunk: string) => {
        text += chunk;
      },
    },
    {},
  );
  const code = reportError(error, err, { debug, redact });
  return { code, text };
}

describe('reportError', () => {
  it('prints one line: the class, where, what happened and what to do; exit code 1', () => {
    const error = new AuthenticationError('Incorrect API key provided.', {
      provider: 'openai',
      modelId: 'gpt-6-luna',
      status: 401,
    });
    expect(report(error)).toEqual({
      code: exitCodes.failed,
      text: "error AuthenticationError (openai:gpt-6-luna, HTTP 401): Incorrect API key provided. Check the provider's apiKey in the configuration (the variable its env: reference names).\n",
    });
  });

  it('gives the advice of the last attempt when every attempt failed, and tells quota from throttling', () => {
    const attempts = [
      { provider: 'openai', modelId: 'a', error: new ServerError('Down.', { status: 503 }) },
      {
        provider: 'openai',
        modelId: 'a',
        error: new RateLimitError('No credit.', { kind: 'quota-exhausted', status: 429 }),
      },
    ];
    const { text } = report(new AllAttemptsFailedError('Every attempt failed.', { attempts }));
    expect(text).toBe(
      "error AllAttemptsFailedError: Every attempt failed. Add credit or raise the quota on the provider's billing page.\n",
    );
    expect(report(new RateLimitError('Slow down.', { kind: 'throttled' })).text).toContain(
      'Wait a little and ask again',
    );
  });

  it('keeps the lines of a configuration error, and exits 2 for a command line', () => {
    const config = new ConfigError('The configuration is not valid:\n  - models.chat: unknown');
    expect(report(config).text).toBe(
      'error ConfigError: The configuration is not valid:\n  - models.chat: unknown\n',
    );
    expect(report(new CommandLineError('No question.')).code).toBe(exitCodes.usage);
  });

  it('scrubs known secrets and key-like text from the line and the --debug stack', () => {
    const secret = 'my-vault-password-123';
    const error = new Error(`boom with ${secret} and sk-proj-abcdefghijklmnopqrstuvwxyz0123`);
    const { code, text } = report(error, true, (line) => line.replaceAll(secret, '***'));
    expect(code).toBe(exitCodes.failed);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^error Unexpected Error: boom with \*\*\* and .+ This is a bug of llm/,
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz0123');
  });

  it('says Cancelled. with exit code 130 for an abort', () => {
    const controller = new AbortController();
    controller.abort();
    expect(report(controller.signal.reason)).toEqual({
      code: exitCodes.interrupted,
      text: 'Cancelled.\n',
    });
  });
});
