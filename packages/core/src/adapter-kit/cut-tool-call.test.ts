import { describe, expect, it } from 'vitest';
import { StructuredOutputError } from '../errors/library-errors.ts';
import { cutToolCallError, isToolInputComplete } from './cut-tool-call.ts';

describe('isToolInputComplete', () => {
  const schema = { type: 'object', required: ['name', 'lines'] };

  it('accepts an object with every required property', () => {
    expect(isToolInputComplete({ name: 'a', lines: [] }, schema)).toBe(true);
    expect(isToolInputComplete({ name: 'a', lines: [], extra: 1 }, schema)).toBe(true);
  });

  it('refuses what is not an object, or lacks a required property', () => {
    expect(isToolInputComplete('{"name": "a', schema)).toBe(false);
    expect(isToolInputComplete(['a'], schema)).toBe(false);
    expect(isToolInputComplete(null, schema)).toBe(false);
    expect(isToolInputComplete(42, undefined)).toBe(false);
    expect(isToolInputComplete({ name: 'a' }, schema)).toBe(false);
    // An inherited property is not one the model wrote.
    expect(isToolInputComplete(Object.create({ name: 'a', lines: [] }) as object, schema)).toBe(
      false,
    );
  });

  it('takes any object as whole when the schema is unknown or lists nothing required', () => {
    expect(isToolInputComplete({}, undefined)).toBe(true);
    expect(isToolInputComplete({}, { type: 'object' })).toBe(true);
    expect(isToolInputComplete({}, { required: 'name' })).toBe(true);
    expect(isToolInputComplete({}, { required: [1, null] })).toBe(true);
  });
});

describe('cutToolCallError', () => {
  it('names the tool, the limit and what to do, and keeps the partial arguments', () => {
    const error = cutToolCallError(
      { provider: 'openai', modelId: 'gpt-4o' },
      { toolName: 'make_file', text: '{"name": "a', limit: "finish_reason 'length'" },
    );
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "openai:gpt-4o reached its output limit (finish_reason 'length') before the input of its call to tool 'make_file' was complete JSON; raise maxOutputTokens and try again.",
    );
    expect(error.text).toBe('{"name": "a');
    expect(error.issues).toEqual([
      {
        path: 'toolCalls.make_file',
        message: "output cut by the output limit (finish_reason 'length')",
      },
    ]);
    expect(error.isRetryable).toBe(false);
    expect(
      cutToolCallError(
        { provider: 'anthropic', modelId: 'claude' },
        { toolName: undefined, text: '{', limit: 'max_tokens' },
      ).message,
    ).toContain('before the structured answer was complete JSON');
  });
});
