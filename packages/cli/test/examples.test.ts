// The TypeScript example the docs quote runs as written.
import { describe, expect, it } from 'vitest';
import { askTheSimulator } from '../examples/simulator.ts';

describe('examples/simulator.ts', () => {
  it('asks the in-process simulator and gets the scripted answer, logged', async () => {
    expect(await askTheSimulator()).toEqual({
      text: 'Hello from the simulator.',
      log: [{ wire: 'openai', model: 'gpt-6-luna', answer: 'step 1 (text)' }],
    });
  });
});
