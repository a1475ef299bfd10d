import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFileNames, createFromConfig, type LlmRuntime } from '@org/llm';
import { ConfigError } from '@org/llm-core';
import type { CommandContext } from './command.ts';

/** The model a configuration without a file uses for each key found, first one first. */
export const defaultModels = {
  openai: 'openai:gpt-6-luna',
  anthropic: 'anthropic:claude-sonnet-5-5',
} as const;

/**
 * The configuration used when there is no file: a provider for each of
 * `OPENAI_API_KEY` and `ANTHROPIC_API_KEY` that is set (their base URLs from
 * `OPENAI_BASE_URL` and `ANTHROPIC_BASE_URL`, as the official SDKs read
 * them), and the alias `default` for the first.
 */
export function configFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> | undefined {
  const providers: Record<string, Record<string, string>> = {};
  const set = (name: string): boolean => (env[name] ?? '') !== '';
  if (set('OPENAI_API_KEY')) {
    providers.openai = {
      adapter: 'openai-http',
      apiKey: 'env:OPENAI_API_KEY',
      ...(set('OPENAI_BASE_URL') ? { baseURL: env.OPENAI_BASE_URL! } : {}),
    };
  }
  if (set('ANTHROPIC_API_KEY')) {
    providers.anthropic = {
      adapter: 'anthropic',
      apiKey: 'env:ANTHROPIC_API_KEY',
      ...(set('ANTHROPIC_BASE_URL') ? { baseURL: env.ANTHROPIC_BASE_URL! } : {}),
    };
  }
  const first = Object.keys(providers)[0] as keyof typeof defaultModels | undefined;
  if (first === undefined) return undefined;
  return { providers, models: { default: defaultModels[first] } };
}

/** Whether a configuration file would be found (`--config`, `LLM_CONFIG`, or one in the directory). */
function hasConfigFile(context: CommandContext): boolean {
  if (typeof context.options.config === 'string') return true;
  if ((context.io.env.LLM_CONFIG ?? '') !== '') return true;
  return configFileNames.some((name) => existsSync(join(context.io.cwd, name)));
}

/**
 * Opens the `@org/llm` runtime the way every command does: the file of
 * `--config`, else `LLM_CONFIG`, else `llm.config.json` / `.yaml` / `.yml`
 * in the working directory, else a configuration made from
 * `OPENAI_API_KEY` / `ANTHROPIC_API_KEY`. Its secrets are registered for
 * redaction of whatever the command prints.
 *
 * @throws ConfigError when there is neither a file nor a key, saying how to make one.
 */
export async function openRuntime(context: CommandContext): Promise<LlmRuntime> {
  const { io } = context;
  // With the process's own environment, createFromConfig copies the .env file's variables into it (proxies read them).
  const env = io.env === process.env ? undefined : io.env;
  const path = typeof context.options.config === 'string' ? context.options.config : undefined;
  let runtime: LlmRuntime;
  if (hasConfigFile(context)) {
    runtime = await createFromConfig({ path, cwd: io.cwd, env });
  } else {
    const config = configFromEnvironment(io.env);
    if (config === undefined) {
      throw new ConfigError(
        `No configuration: create ${configFileNames.join(' or ')} in ${io.cwd}, pass --config, or set OPENAI_API_KEY or ANTHROPIC_API_KEY. To try llm without a key, run \`llm simulate\` and follow what it prints.`,
      );
    }
    runtime = await createFromConfig({ config, cwd: io.cwd, env, envFile: false });
  }
  context.addRedaction((text) => runtime.redact(text));
  return runtime;
}

/**
 * The model id a command uses: `--model`, else the configuration's
 * `conversations.model`, else its first alias.
 */
export function chosenModel(runtime: LlmRuntime, option: string | boolean | undefined): string {
  if (typeof option === 'string' && option !== '') return option;
  const chosen = runtime.config.conversations?.model ?? runtime.models[0]?.name;
  if (chosen === undefined) {
    throw new ConfigError(
      'No model: pass --model provider:model (e.g. --model openai:gpt-6-luna), or add an alias under models in the configuration.',
    );
  }
  return chosen;
}
