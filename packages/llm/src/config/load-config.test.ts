import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@org/llm-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The message of the ConfigError `run` throws. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(ConfigError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const minimal = `providers:
  openai:
    adapter: openai-http
    apiKey: env:OPENAI_API_KEY
models:
  chat: openai:gpt-4o-mini
`;

describe('loadConfig', () => {
  it('finds llm.config.yaml in the working directory and checks it', () => {
    write('llm.config.yaml', minimal);
    const loaded = loadConfig({ cwd: dir, env: {} });
    expect(loaded.file).toBe(join(dir, 'llm.config.yaml'));
    expect(loaded.config).toEqual({
      providers: { openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' } },
      models: { chat: 'openai:gpt-4o-mini' },
    });
    expect(loaded.overrides).toEqual([]);
  });

  it('reads JSON, the path from LLM_CONFIG, or a configuration object', () => {
    write('custom.json', JSON.stringify({ providers: { local: { adapter: 'openai-http' } } }));
    expect(loadConfig({ cwd: dir, env: { LLM_CONFIG: 'custom.json' } }).config.providers).toEqual({
      local: { adapter: 'openai-http' },
    });
    const fromObject = loadConfig({
      cwd: dir,
      env: {},
      config: { providers: { a: { adapter: 'anthropic' } } },
    });
    expect(fromObject.file).toBeUndefined();
    expect(fromObject.config.providers.a?.adapter).toBe('anthropic');
  });

  it('says where to put a configuration when there is none', () => {
    expect(failure(() => loadConfig({ cwd: dir, env: {} }))).toBe(
      `No configuration: create llm.config.json or llm.config.yaml or llm.config.yml in ${dir}, set LLM_CONFIG to its path, or pass the path or a configuration object.`,
    );
    expect(failure(() => loadConfig({ cwd: dir, env: { LLM_CONFIG: 'nope.yaml' } }))).toBe(
      'The configuration file nope.yaml (from LLM_CONFIG) does not exist; check the path.',
    );
  });

  it('names the file, line and column, key path, what was found and what is allowed', () => {
    write(
      'llm.config.yaml',
      `providers:
  openai:
    adapter: openai-rest
    timeoutMs: fast
    timeoutMS: 10
models:
  chat: opneai:gpt-4o
`,
    );
    expect(failure(() => loadConfig({ cwd: dir, env: {} }))).toBe(
      [
        'Invalid configuration (3 problems):',
        '  - llm.config.yaml:3:14: at providers.openai.adapter, found "openai-rest" (text); allowed: openai-http, openai, anthropic.',
        '  - llm.config.yaml:4:16: at providers.openai.timeoutMs, found "fast" (text); allowed: a whole number of milliseconds above 0.',
        "  - llm.config.yaml:5:5: at providers.openai, found an unknown key 'timeoutMS'; allowed: 'timeoutMs' (did you mean it?), or another of adapter, baseURL, apiKey, proxy, timeoutMs, headers, organization, project, maxTokensParameter, azure, apiVersion, apiKeyHeader, models.",
      ].join('\n'),
    );
  });

  it('checks references once the shape is right: providers, aliases, policies, adapter keys', () => {
    const message = failure(() =>
      loadConfig({
        cwd: dir,
        env: {},
        config: {
          providers: {
            openai: { adapter: 'openai-http', apiVersion: '2023-06-01' },
            claude: { adapter: 'anthropic', organization: 'org-1' },
          },
          models: {
            chat: 'opneai:gpt-4o',
            smart: {
              model: 'openai:gpt-4o',
              fallbacks: ['chat', 'mistral:large'],
              resilience: 'strict',
            },
            a: 'b',
            b: 'a',
          },
          defaults: { resilience: 'lenient' },
        },
      }),
    );
    expect(message.split('\n')).toEqual([
      'Invalid configuration (8 problems):',
      '  - the configuration object: at providers.openai.apiVersion, found "2023-06-01" (text); allowed: no \'apiVersion\' with adapter openai-http (it is an Anthropic adapter option).',
      '  - the configuration object: at providers.claude.organization, found "org-1" (text); allowed: no \'organization\' with adapter anthropic (it is an OpenAI adapter option).',
      '  - the configuration object: at models.chat, found "opneai:gpt-4o" (text); allowed: \'provider:model\' with a configured provider (openai, claude), or an alias (chat, smart, a, b).',
      '  - the configuration object: at models.smart.fallbacks[1], found "mistral:large" (text); allowed: \'provider:model\' with a configured provider (openai, claude), or an alias (chat, smart, a, b).',
      '  - the configuration object: at models.smart.resilience, found "strict" (text); allowed: the name of a policy under resilience ((none configured)), or false.',
      '  - the configuration object: at models.a, found "a" (text); allowed: an alias that resolves to a provider:model (it loops: a → b → a).',
      '  - the configuration object: at models.b, found "b" (text); allowed: an alias that resolves to a provider:model (it loops: b → a → b).',
      '  - the configuration object: at defaults.resilience, found "lenient" (text); allowed: the name of a policy under resilience ((none configured)), or false.',
    ]);
  });

  it('never shows the value of a key that may hold a secret', () => {
    write(
      'llm.config.yaml',
      `providers:
  openai:
    adapter: openai-http
    apiKey: sk-live-0123456789abcdef
    headers:
      x-token: { secret: hunter2-not-a-reference }
`,
    );
    const message = failure(() => loadConfig({ cwd: dir, env: {} }));
    expect(message).not.toContain('0123456789abcdef');
    expect(message).not.toContain('hunter2');
    expect(message).toContain(
      'llm.config.yaml:4:13: at providers.openai.apiKey, found a text of 24 characters (not shown: this key may hold a secret); allowed: a secret reference such as env:NAME, file:/run/secrets/name or aws-kms:<ciphertext>.',
    );
  });

  it('reports a YAML or JSON syntax error with its position', () => {
    write('llm.config.yaml', 'providers:\n  openai: [unclosed\n');
    expect(failure(() => loadConfig({ cwd: dir, env: {} }))).toMatch(
      /^llm\.config\.yaml:\d+:\d+ is not valid YAML: /,
    );
    rmSync(join(dir, 'llm.config.yaml'));
    write('llm.config.json', '{ "providers": { }, }');
    expect(failure(() => loadConfig({ cwd: dir, env: {} }))).toMatch(
      /^llm\.config\.json is not valid JSON: .*Fix the syntax \(YAML files may be named llm\.config\.yaml\)\.$/,
    );
  });
});

describe('environment overrides', () => {
  it('set any key from LLM__ variables, matching keys without case or underscores', () => {
    write('llm.config.yaml', minimal);
    const loaded = loadConfig({
      cwd: dir,
      env: {
        LLM__MODELS__CHAT: 'anthropic:claude-sonnet-4-6',
        LLM__PROVIDERS__ANTHROPIC__ADAPTER: 'anthropic',
        LLM__PROVIDERS__OPENAI__TIMEOUT_MS: '30000',
        LLM__PROVIDERS__OPENAI__BASE_URL: 'http://127.0.0.1:8000/v1',
        LLM__METRICS__ENABLED: 'true',
        LLM__IGNORED: '',
      },
    });
    expect(loaded.config).toEqual({
      providers: {
        openai: {
          adapter: 'openai-http',
          apiKey: 'env:OPENAI_API_KEY',
          timeoutMs: 30000,
          baseURL: 'http://127.0.0.1:8000/v1',
        },
        anthropic: { adapter: 'anthropic' },
      },
      models: { chat: 'anthropic:claude-sonnet-4-6' },
      metrics: { enabled: true },
    });
    expect(loaded.overrides).toEqual([
      'LLM__METRICS__ENABLED',
      'LLM__MODELS__CHAT',
      'LLM__PROVIDERS__ANTHROPIC__ADAPTER',
      'LLM__PROVIDERS__OPENAI__BASE_URL',
      'LLM__PROVIDERS__OPENAI__TIMEOUT_MS',
    ]);
  });

  it('name the variable in a mistake', () => {
    write('llm.config.yaml', minimal);
    expect(
      failure(() => loadConfig({ cwd: dir, env: { LLM__PROVIDERS__OPENAI__TIMEOUT_MS: 'soon' } })),
    ).toBe(
      'Invalid configuration (1 problem):\n  - the environment variable LLM__PROVIDERS__OPENAI__TIMEOUT_MS: at providers.openai.timeoutMs, found "soon" (text); allowed: a whole number of milliseconds above 0.',
    );
  });
});

describe('.env files', () => {
  it('fill in variables the environment lacks; the environment wins', () => {
    write('llm.config.yaml', minimal);
    write('.env', 'OPENAI_API_KEY=from-file\nLLM__MODELS__CHAT=openai:gpt-4o\nEXISTING=file\n');
    const loaded = loadConfig({ cwd: dir, env: { EXISTING: 'real' } });
    expect(loaded.env).toMatchObject({ OPENAI_API_KEY: 'from-file', EXISTING: 'real' });
    expect([...loaded.envFileVariables].sort()).toEqual(['LLM__MODELS__CHAT', 'OPENAI_API_KEY']);
    // Overrides may come from the .env file too.
    expect(loaded.config.models).toEqual({ chat: 'openai:gpt-4o' });
    expect(loadConfig({ cwd: dir, env: {}, envFile: false }).env).toEqual({});
  });

  it('must exist when named', () => {
    write('llm.config.yaml', minimal);
    expect(failure(() => loadConfig({ cwd: dir, env: {}, envFile: 'prod.env' }))).toBe(
      `The env file ${join(dir, 'prod.env')} cannot be read (ENOENT); check the envFile option or LLM_ENV_FILE.`,
    );
    write('prod.env', 'A=1\n');
    expect(loadConfig({ cwd: dir, env: { LLM_ENV_FILE: 'prod.env' } }).env.A).toBe('1');
  });
});
