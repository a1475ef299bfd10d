// `llm models`, run as the built binary: the adapters' catalogs as JSON on a
// pipe and as a table on a terminal, filtered by id and provider.
import { anthropicModels } from '@org/llm-anthropic';
import type { ModelInfo } from '@org/llm-core';
import { openAIModels } from '@org/llm-openai-compat';
import { systemBinary } from '@org/llm-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandbox, startInTerminal, type Sandbox } from './support/cli-process.ts';

let box: Sandbox;
beforeAll(() => {
  box = sandbox();
});
afterAll(() => {
  box[Symbol.dispose]();
});

/** The catalogs as JSON carries them (no undefined fields). */
const asJson = (models: readonly ModelInfo[]): unknown => JSON.parse(JSON.stringify(models));

describe('llm models', () => {
  it('prints every model of both catalogs as JSON on a pipe, OpenAI first', async () => {
    const result = await runCli(['models'], { cwd: box.dir, env: box.env() });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(asJson([...openAIModels, ...anthropicModels]));
    expect(openAIModels.length + anthropicModels.length).toBeGreaterThan(20);
  });

  it('keeps the ids that contain the filter, of one provider with --provider', async () => {
    const result = await runCli(['models', 'SONNET', '--provider', 'anthropic', '--json'], {
      cwd: box.dir,
      env: box.env(),
    });
    expect(result.code, result.stderr).toBe(0);
    const expected = anthropicModels.filter((info) => info.modelId.includes('sonnet'));
    expect(expected.length).toBeGreaterThan(0);
    expect(JSON.parse(result.stdout)).toEqual(asJson(expected));

    const none = await runCli(['models', 'sonnet', '--provider', 'openai', '--json'], {
      cwd: box.dir,
      env: box.env(),
    });
    expect(JSON.parse(none.stdout)).toEqual([]);
  });
});

const script = systemBinary('script', 'bsdutils');

describe.skipIf(!script.found)('llm models on a terminal', () => {
  if (!script.found) console.log(`Skipping the terminal tests of llm models: ${script.reason}.`);

  it('prints a table: limits, capabilities, prices per million tokens and lifecycle', async () => {
    await using terminal = startInTerminal(['models'], { cwd: box.dir, env: box.env() });
    expect(await terminal.exit).toEqual({ code: 0, signal: null });
    const lines = terminal.screen.text.trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual([
      'provider',
      'model',
      'context',
      'max out',
      'capabilities',
      'in $/M',
      'out $/M',
      'lifecycle',
    ]);
    const catalog = [...openAIModels, ...anthropicModels];
    expect(lines).toHaveLength(catalog.length + 1);
    catalog.forEach((info, index) => {
      const cells = lines[index + 1]!.split(/\s{2,}/);
      expect(cells.slice(0, 2)).toEqual([info.provider, info.modelId]);
      const lifecycle = cells.slice(7).join(' ');
      const date = info.endOfLifeOn ?? info.deprecatedOn;
      if (date === undefined) expect(lifecycle).toBe('');
      else expect(lifecycle).toContain(date);
      if (info.replacement !== undefined && date !== undefined) {
        expect(lifecycle).toContain(`use ${info.replacement}`);
      }
    });
    // One row in full: the numbers as a person reads them.
    const luna = lines.find((line) => line.split(/\s{2,}/)[1] === 'gpt-6-luna')!;
    expect(luna.split(/\s{2,}/)).toEqual([
      'openai',
      'gpt-6-luna',
      '1.05M',
      '128K',
      'tools,vision,json-schema,reasoning',
      '$0.1',
      '$0.5',
    ]);
  });

  it('says so on standard error when nothing matches', async () => {
    await using terminal = startInTerminal(['models', 'no-such-model'], {
      cwd: box.dir,
      env: box.env(),
    });
    await terminal.screen.next("No model id contains 'no-such-model'.");
    expect(await terminal.exit).toEqual({ code: 0, signal: null });
  });
});
