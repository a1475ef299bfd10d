// The default a person gets, in a fresh process with nothing configured: a
// setting the adapter drops is printed on stderr once per process, naming
// the setting, the model and what to do, however many calls drop it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('warnings by default', () => {
  // A fresh Node process that loads the adapters from source: seconds on a loaded machine.
  it(
    'prints a dropped setting once on stderr, though two calls drop it',
    { timeout: 60_000 },
    async () => {
      const example = fileURLToPath(new URL('./concepts/warnings.ts', import.meta.url));
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--conditions=@org/source', example],
        { timeout: 60_000 },
      );
      expect(stdout).toContain('dropped on each result: temperature, temperature');
      const notices = stderr.split('\n').filter((line) => line.includes('LlmWarning'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(
        /\[LLM_UNSUPPORTED_SETTING\] LlmWarning: anthropic 'claude-sonnet-5-5' did not take temperature as given: .+\. Change or remove temperature in the request, or choose a model that supports it\./,
      );
    },
  );
});
