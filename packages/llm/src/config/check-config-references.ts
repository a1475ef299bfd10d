import type { z } from 'zod';
import type { LlmConfig, ModelConfig } from './llm-config-schema.ts';

/** One problem found across keys: where, and what the key accepts. */
interface ReferenceIssue {
  readonly path: readonly (string | number)[];
  readonly input: unknown;
  readonly allowed: string;
}

const openAIOnly = ['organization', 'project', 'maxTokensParameter', 'azure'] as const;
const anthropicOnly = ['apiVersion', 'apiKeyHeader'] as const;
// Headers whose values are credentials: only as secret references.
const credentialHeaders = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

const list = (names: readonly string[]): string =>
  names.length === 0 ? '(none configured)' : names.join(', ');

/**
 * Checks what the schema cannot see key by key: model ids name configured
 * providers or aliases, policies exist, aliases do not loop, and each
 * provider only uses its adapter's keys.
 */
export function findReferenceIssues(config: LlmConfig): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const providers = Object.keys(config.providers);
  const aliases = Object.keys(config.models ?? {});
  const policies = Object.keys(config.resilience ?? {});

  for (const [name, provider] of Object.entries(config.providers)) {
    for (const [header, value] of Object.entries(provider.headers ?? {})) {
      if (typeof value === 'string' && credentialHeaders.has(header.toLowerCase())) {
        issues.push({
          path: ['providers', name, 'headers', header],
          input: value,
          allowed: `a secret reference, { secret: 'env:NAME' }: a credential header is never written in the file${header.toLowerCase() === 'authorization' ? " (or set apiKey, which sends 'Authorization: Bearer <key>')" : ''}`,
        });
      }
    }
    const foreign =
      provider.adapter === 'anthropic'
        ? openAIOnly.filter((key) => provider[key] !== undefined)
        : anthropicOnly.filter((key) => provider[key] !== undefined);
    for (const key of foreign) {
      issues.push({
        path: ['providers', name, key],
        input: provider[key],
        allowed: `no '${key}' with adapter ${provider.adapter} (${provider.adapter === 'anthropic' ? 'it is an OpenAI adapter option' : 'it is an Anthropic adapter option'})`,
      });
    }
  }

  const modelIdIssue = (id: string): string | undefined => {
    if (aliases.includes(id)) return undefined;
    const cut = id.indexOf(':');
    if (cut > 0 && cut < id.length - 1 && providers.includes(id.slice(0, cut))) return undefined;
    return `'provider:model' with a configured provider (${list(providers)}), or an alias (${list(aliases)})`;
  };
  const policyIssue = (name: string | false | undefined): string | undefined =>
    name === undefined || name === false || policies.includes(name)
      ? undefined
      : `the name of a policy under resilience (${list(policies)}), or false`;

  for (const [alias, entry] of Object.entries(config.models ?? {})) {
    if (alias.includes(':')) {
      issues.push({
        path: ['models', alias],
        input: alias,
        allowed: "an alias name without ':' (ids with ':' are provider:model)",
      });
    }
    const target = typeof entry === 'string' ? entry : entry.model;
    const targetIssue =
      target === alias ? 'another model than the alias itself' : modelIdIssue(target);
    if (targetIssue !== undefined) {
      issues.push({
        path: typeof entry === 'string' ? ['models', alias] : ['models', alias, 'model'],
        input: target,
        allowed: targetIssue,
      });
    }
    if (typeof entry === 'string') continue;
    entry.fallbacks?.forEach((fallback, index) => {
      const issue = modelIdIssue(fallback);
      if (issue !== undefined) {
        issues.push({
          path: ['models', alias, 'fallbacks', index],
          input: fallback,
          allowed: issue,
        });
      }
    });
    const policy = policyIssue(entry.resilience);
    if (policy !== undefined) {
      issues.push({
        path: ['models', alias, 'resilience'],
        input: entry.resilience,
        allowed: policy,
      });
    }
  }

  // An alias that leads back to itself never resolves.
  for (const alias of aliases) {
    const seen = new Set<string>();
    let current = alias;
    while (aliases.includes(current) && !seen.has(current)) {
      seen.add(current);
      const entry: ModelConfig = config.models![current]!;
      current = typeof entry === 'string' ? entry : entry.model;
    }
    if (current === alias) {
      issues.push({
        path: ['models', alias],
        input: alias,
        allowed: `an alias that resolves to a provider:model (it loops: ${[...seen, alias].join(' → ')})`,
      });
    }
  }

  const defaultPolicy = policyIssue(config.defaults?.resilience);
  if (defaultPolicy !== undefined) {
    issues.push({
      path: ['defaults', 'resilience'],
      input: config.defaults?.resilience,
      allowed: defaultPolicy,
    });
  }
  issues.push(...gatewayIssues(config, modelIdIssue));

  const conversationModel = config.conversations?.model;
  if (conversationModel !== undefined) {
    const issue = modelIdIssue(conversationModel);
    if (issue !== undefined) {
      issues.push({ path: ['conversations', 'model'], input: conversationModel, allowed: issue });
    }
  }
  return issues;
}

/** Served models exist, keys name served models, and each key has its key or its digest, once. */
function gatewayIssues(
  config: LlmConfig,
  modelIdIssue: (id: string) => string | undefined,
): ReferenceIssue[] {
  const gateway = config.gateway;
  if (gateway === undefined) return [];
  const issues: ReferenceIssue[] = [];
  gateway.models?.forEach((model, index) => {
    const issue = modelIdIssue(model);
    if (issue !== undefined) {
      issues.push({ path: ['gateway', 'models', index], input: model, allowed: issue });
    }
  });
  const served = gateway.models ?? Object.keys(config.models ?? {});
  const seen = new Set<string>();
  gateway.keys?.forEach((key, index) => {
    if ((key.key === undefined) === (key.sha256 === undefined)) {
      issues.push({
        path: ['gateway', 'keys', index],
        input: key.id,
        allowed:
          'exactly one of key (a secret reference to the key itself, hashed at start-up) or sha256 (its digest)',
      });
    }
    if (seen.has(key.id)) {
      issues.push({
        path: ['gateway', 'keys', index, 'id'],
        input: key.id,
        allowed: 'a key id used once (limits and budgets are kept per id)',
      });
    }
    seen.add(key.id);
    key.models?.forEach((model, modelIndex) => {
      if (!served.includes(model)) {
        issues.push({
          path: ['gateway', 'keys', index, 'models', modelIndex],
          input: model,
          allowed: `a model the gateway serves (${list(served)})`,
        });
      }
    });
  });
  return issues;
}

/** {@link findReferenceIssues} as a zod refinement of the whole configuration. */
export function checkConfigReferences(config: LlmConfig, context: z.RefinementCtx): void {
  for (const issue of findReferenceIssues(config)) {
    context.addIssue({
      code: 'custom',
      path: [...issue.path],
      input: issue.input,
      message: `allowed: ${issue.allowed}`,
    });
  }
}
