import type { ChatRequest, ToolDefinition } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
};
const settings = { provider: 'anthropic', modelId: 'claude-sonnet-4-5', strictTools: true };

function prepare(
  request: Pick<ChatRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>,
  strictTools = true,
) {
  return prepareAnthropicTools(request, { ...settings, strictTools });
}

describe('prepareAnthropicTools', () => {
  it('maps tool definitions, with strict and cache breakpoints', () => {
    const out = prepare({
      tools: [
        { ...weather, strict: true },
        {
          name: 'noop',
          inputSchema: { type: 'object' },
          providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
        },
      ],
    });
    expect(out.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: weather.inputSchema,
        strict: true,
      },
      { name: 'noop', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
    ]);
    expect(out.toolChoice).toBeUndefined();
    expect(out.warnings).toEqual([]);
  });

  it('warns instead of sending strict to a model not known to enforce schemas', () => {
    const out = prepare({ tools: [{ ...weather, strict: true }] }, false);
    expect(out.tools?.[0]).not.toHaveProperty('strict');
    expect(out.warnings).toEqual([expect.objectContaining({ setting: 'tools[0].strict' })]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [
      { type: 'tool', toolName: 'get_weather' },
      { type: 'tool', name: 'get_weather' },
    ],
  ] as const)('maps toolChoice %j to %j', (choice, expected) => {
    expect(prepare({ tools: [weather], toolChoice: choice }).toolChoice).toEqual(expected);
  });

  it('turns parallelToolCalls: false into disable_parallel_tool_use on the choice', () => {
    expect(prepare({ tools: [weather], parallelToolCalls: false }).toolChoice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      prepare({ tools: [weather], toolChoice: 'required', parallelToolCalls: false }).toolChoice,
    ).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(prepare({ tools: [weather], parallelToolCalls: true }).toolChoice).toBeUndefined();
  });

  it('sends neither tools nor tool_choice without tools', () => {
    expect(prepare({ toolChoice: 'none', parallelToolCalls: false })).toEqual({
      tools: undefined,
      toolChoice: undefined,
      warnings: [],
    });
  });

  it('adds a forced structured-output tool last and says when it replaces the tool choice', () => {
    const forcedTool = { name: 'json', input_schema: { type: 'object' } };
    const out = prepareAnthropicTools(
      { tools: [weather], toolChoice: 'required' },
      { ...settings, strictTools: true, forcedTool },
    );
    expect(out.tools?.map((tool) => tool.name)).toEqual(['get_weather', 'json']);
    expect(out.toolChoice).toEqual({ type: 'tool', name: 'json' });
    expect(out.warnings).toEqual([expect.objectContaining({ setting: 'toolChoice' })]);
  });
});
