import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { ConfigError } from '@org/llm-core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmConfig } from '../config/llm-config-schema.ts';
import { awsKmsSecretResolver } from './aws-kms-secret-resolver.ts';
import { describeReference, resolveSecrets } from './resolve-secrets.ts';
import type { SecretResolver } from './secret-resolver.ts';

const kms = mockClient(KMSClient);
let dir: string;
beforeEach(() => {
  kms.reset();
  dir = mkdtempSync(join(tmpdir(), 'llm-secrets-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ciphertext = Buffer.from('ciphertext-blob-made-by-aws-kms-encrypt').toString('base64');
const withKey = (apiKey: string): LlmConfig => ({
  providers: { openai: { adapter: 'openai-http', apiKey } },
});

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ConfigError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

describe('resolveSecrets', () => {
  it('reads env: and file: references, a file without its trailing newline', async () => {
    writeFileSync(join(dir, 'anthropic'), 'sk-ant-from-file\n');
    const config: LlmConfig = {
      providers: {
        openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' },
        claude: {
          adapter: 'anthropic',
          apiKey: 'file:anthropic',
          headers: { 'x-team': 'search', 'x-token': { secret: 'env:TEAM_TOKEN' } },
        },
      },
    };
    const secrets = await resolveSecrets(config, {
      cwd: dir,
      env: { OPENAI_API_KEY: 'sk-from-env', TEAM_TOKEN: 'team-token-1' },
    });
    expect(secrets.get('env:OPENAI_API_KEY')).toBe('sk-from-env');
    expect(secrets.get('file:anthropic')).toBe('sk-ant-from-file');
    expect(secrets.get('env:TEAM_TOKEN')).toBe('team-token-1');
    expect([...secrets.values].sort()).toEqual(['sk-ant-from-file', 'sk-from-env', 'team-token-1']);
  });

  it('fails at start-up naming every reference that cannot be resolved, never a value', async () => {
    writeFileSync(join(dir, 'empty'), '\n');
    const config: LlmConfig = {
      providers: {
        openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' },
        groq: { adapter: 'openai-http', apiKey: 'env:GROQ_API_KEY' },
        claude: { adapter: 'anthropic', apiKey: 'file:missing' },
        local: { adapter: 'openai-http', apiKey: 'file:empty' },
        vault: { adapter: 'openai-http', apiKey: 'vault:secret/data/llm#key' },
      },
    };
    const message = await rejection(
      resolveSecrets(config, {
        cwd: dir,
        env: { GROQ_API_KEY: 'gsk-resolved-value-1234', OPENAI_API_KEY: '' },
      }),
    );
    expect(message).toBe(
      [
        'Could not resolve 4 secrets at start-up:',
        '  - at providers.openai.apiKey, env:OPENAI_API_KEY cannot be resolved: the environment variable OPENAI_API_KEY is empty; set it, or add it to the .env file',
        '  - at providers.claude.apiKey, file:missing cannot be resolved: the file missing does not exist',
        '  - at providers.local.apiKey, file:empty cannot be resolved: the file empty is empty',
        '  - at providers.vault.apiKey, vault:secret/data/llm#key cannot be resolved: no resolver handles its scheme; the schemes known are env, file, aws-kms (register others with secretResolvers)',
      ].join('\n'),
    );
    expect(message).not.toContain('gsk-resolved-value-1234');
  });

  it('plugs in a resolver for another vault, and a resolver may replace a built-in', async () => {
    const seen: string[] = [];
    const vault: SecretResolver = {
      scheme: 'vault',
      resolve(reference, { env }) {
        seen.push(reference);
        return Promise.resolve(`${env.VAULT_PREFIX ?? ''}:${reference}`);
      },
    };
    const config: LlmConfig = {
      providers: {
        a: { adapter: 'openai-http', apiKey: 'vault:kv/llm#openai' },
        b: { adapter: 'openai-http', apiKey: 'vault:kv/llm#openai' },
      },
    };
    const secrets = await resolveSecrets(config, { cwd: dir, env: { VAULT_PREFIX: 'v1' } }, [
      vault,
    ]);
    expect(secrets.get('vault:kv/llm#openai')).toBe('v1:kv/llm#openai');
    // Each distinct reference is resolved once.
    expect(seen).toEqual(['kv/llm#openai']);
  });

  it('resolves a proxy URL given as a reference, and leaves a plain URL alone', async () => {
    const config: LlmConfig = {
      providers: {
        a: { adapter: 'openai-http', proxy: 'env:CORP_PROXY' },
        b: { adapter: 'openai-http', proxy: 'http://proxy.corp:3128' },
      },
    };
    const secrets = await resolveSecrets(config, {
      cwd: dir,
      env: { CORP_PROXY: 'http://u:p@proxy:1' },
    });
    expect(secrets.get('env:CORP_PROXY')).toBe('http://u:p@proxy:1');
    expect(secrets.get('http://proxy.corp:3128')).toBeUndefined();
  });
});

describe('aws-kms references', () => {
  it('are decrypted once through KMS and cached', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: new TextEncoder().encode('sk-from-kms\n') });
    const resolver = awsKmsSecretResolver({ encryptionContext: { app: 'support-bot' } });
    const config = withKey(`aws-kms:${ciphertext}`);
    const first = await resolveSecrets(config, { cwd: dir, env: {} }, [resolver]);
    const second = await resolveSecrets(config, { cwd: dir, env: {} }, [resolver]);
    expect(first.get(`aws-kms:${ciphertext}`)).toBe('sk-from-kms');
    expect(second.get(`aws-kms:${ciphertext}`)).toBe('sk-from-kms');
    const calls = kms.commandCalls(DecryptCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      CiphertextBlob: Buffer.from(ciphertext, 'base64'),
      EncryptionContext: { app: 'support-bot' },
    });
  });

  it('fail at start-up with the reference and the AWS error name when KMS refuses', async () => {
    kms.on(DecryptCommand).rejects(
      Object.assign(
        new Error('The ciphertext refers to a customer master key that does not exist'),
        {
          name: 'InvalidCiphertextException',
        },
      ),
    );
    const resolver = awsKmsSecretResolver();
    const message = await rejection(
      resolveSecrets(withKey(`aws-kms:${ciphertext}`), { cwd: dir, env: {} }, [resolver]),
    );
    expect(message).toBe(
      `Could not resolve 1 secret at start-up:\n  - at providers.openai.apiKey, ${describeReference(`aws-kms:${ciphertext}`)} cannot be resolved: AWS KMS could not decrypt it (InvalidCiphertextException): check that it was encrypted with a KMS key this process may use (kms:Decrypt), with the same encryption context, and the AWS region and credentials`,
    );
    // The ciphertext is shown shortened.
    expect(describeReference(`aws-kms:${ciphertext}`)).toBe(
      `aws-kms:${ciphertext.slice(0, 12)}… (${ciphertext.length} characters)`,
    );
    // A failure is not cached: the next start-up asks KMS again, and may succeed.
    kms.on(DecryptCommand).resolves({ Plaintext: new TextEncoder().encode('sk-second-try') });
    const retried = await resolveSecrets(withKey(`aws-kms:${ciphertext}`), { cwd: dir, env: {} }, [
      resolver,
    ]);
    expect(retried.values).toEqual(['sk-second-try']);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(2);
  });

  it('refuse a ciphertext that is not base64, without calling KMS', async () => {
    const message = await rejection(
      resolveSecrets(withKey('aws-kms:not base64!'), { cwd: dir, env: {} }, [
        awsKmsSecretResolver(),
      ]),
    );
    expect(message).toContain(
      'cannot be resolved: the ciphertext is not base64 (the CiphertextBlob of aws kms encrypt)',
    );
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });
});
