import manifest from '../package.json' with { type: 'json' };

/** The version of `@org/llm-cli`, as `llm --version` prints it. */
export const cliVersion: string = manifest.version;
