import { describe, expect, it } from 'vitest';
import { AnthropicToolCallIds, toAnthropicToolCallId } from './anthropic-tool-call-ids.ts';

describe('toAnthropicToolCallId', () => {
  it('keeps ids Anthropic accepts', () => {
    expect(toAnthropicToolCallId('toolu_01ABC')).toBe('toolu_01ABC');
    expect(toAnthropicToolCallId('call_AbC-123')).toBe('call_AbC-123');
  });

  it('replaces other characters and appends a hash, so similar ids stay distinct and stable', () => {
    const a = toAnthropicToolCallId('functions.get_weather:0');
    const b = toAnthropicToolCallId('functions:get_weather.0');
    expect(a).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(a.startsWith('functions_get_weather_0_')).toBe(true);
    expect(a).not.toBe(b);
    expect(toAnthropicToolCallId('functions.get_weather:0')).toBe(a);
  });
});

describe('AnthropicToolCallIds', () => {
  it('maps sent ids back to the caller ids, also inside provider messages', () => {
    const ids = new AnthropicToolCallIds();
    expect(ids.changed).toBe(false);
    const wire = ids.toAnthropic('call.1');
    expect(ids.toAnthropic('plain_id')).toBe('plain_id');
    expect(ids.changed).toBe(true);
    expect(ids.toOriginal(wire)).toBe('call.1');
    expect(ids.toOriginal('plain_id')).toBe('plain_id');
    expect(ids.restoreIn(`unexpected tool_use_id found in tool_result blocks: ${wire}`)).toBe(
      'unexpected tool_use_id found in tool_result blocks: call.1',
    );
  });
});
