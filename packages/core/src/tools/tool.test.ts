import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../errors/library-errors.ts';
import { isExecutableTool, tool } from './tool.ts';

describe('tool', () => {
  it('derives the JSON Schema and keeps the validator', async () => {
    const weather = tool({
      name: 'get_weather',
      description: 'Weather for a city',
      strict: true,
      inputSchema: z.object({ city: z.string().describe('City name') }),
      execute: ({ city }) => ({ city, celsius: 20 }),
    });
    expect(weather.inputSchema).toEqual({
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
      additionalProperties: false,
    });
    expect([weather.name, weather.description, weather.strict]).toEqual([
      'get_weather',
      'Weather for a city',
      true,
    ]);
    expect(isExecutableTool(weather)).toBe(true);
    expect(isExecutableTool({ name: 'plain', inputSchema: {} })).toBe(false);
    expect(await weather.execute({ city: 'Oslo' }, { toolCallId: 'c', messages: [] })).toEqual({
      city: 'Oslo',
      celsius: 20,
    });
  });

  it('rejects an invalid name', () => {
    expect(() =>
      tool({ name: 'get weather', inputSchema: z.object({}), execute: () => null }),
    ).toThrow(ConfigError);
  });

  it('rejects a non-object input schema', () => {
    expect(() => tool({ name: 'echo', inputSchema: z.string(), execute: (text) => text })).toThrow(
      /must take an object/,
    );
  });
});
