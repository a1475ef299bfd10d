import { wrapChatModel, type ChatModel, type ModelCapabilities } from '@org/llm-core';
import type { ProviderConfig } from '../config/llm-config-schema.ts';
import type { ResolvedSecrets } from '../secrets/resolve-secrets.ts';

/** Makes a provider's models by id. */
export type ModelFactory = (modelId: string) => ChatModel;

/** The provider's headers, secret ones resolved. */
function headersOf(
  config: ProviderConfig,
  secrets: ResolvedSecrets,
): Record<string, string> | undefined {
  if (config.headers === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    out[name] = typeof value === 'string' ? value : secrets.get(value.secret)!;
  }
  return out;
}

/** The capabilities a configured model override changes (limits and prices). */
function overridesOf(
  config: ProviderConfig,
  modelId: string,
): Partial<ModelCapabilities> | undefined {
  const override = config.models?.[modelId];
  if (override === undefined) return undefined;
  const out: Partial<Record<keyof ModelCapabilities, unknown>> = {};
  if (override.contextWindow !== undefined) out.contextWindow = override.contextWindow;
  if (override.maxOutputTokens !== undefined) out.maxOutputTokens = override.maxOutputTokens;
  if (override.pricing !== undefined) out.pricing = override.pricing;
  return out as Partial<ModelCapabilities>;
}

/**
 * The model factory of one configured provider, through its adapter
 * (imported only when a provider uses it). The key, headers and proxy come
 * resolved; `proxy` left out of the file lets the adapter follow
 * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`.
 */
export async function createAdapterProvider(
  name: string,
  config: ProviderConfig,
  secrets: ResolvedSecrets,
): Promise<ModelFactory> {
  const apiKey = config.apiKey === undefined ? undefined : secrets.get(config.apiKey);
  const proxy =
    typeof config.proxy === 'string' ? (secrets.get(config.proxy) ?? config.proxy) : config.proxy;
  const headers = headersOf(config, secrets);
  const common = { name, baseURL: config.baseURL, timeoutMs: config.timeoutMs, headers, proxy };
  let make: ModelFactory;
  if (config.adapter === 'anthropic') {
    const { createAnthropic } = await import('@org/llm-anthropic');
    const provider = createAnthropic({
      ...common,
      apiKey,
      apiVersion: config.apiVersion,
      apiKeyHeader: config.apiKeyHeader,
    });
    make = (modelId) => provider(modelId);
  } else {
    const deployments = config.azure?.deployments;
    const openAIOptions = {
      ...common,
      apiKey,
      organization: config.organization,
      project: config.project,
      maxTokensParameter: config.maxTokensParameter,
      azure:
        config.azure === undefined
          ? undefined
          : {
              apiVersion: config.azure.apiVersion,
              resourceName: config.azure.resourceName,
              deployment:
                deployments === undefined
                  ? undefined
                  : (modelId: string) => deployments[modelId] ?? modelId,
            },
    };
    if (config.adapter === 'openai') {
      const { createOpenAI } = await import('@org/llm-openai');
      const provider = createOpenAI(openAIOptions);
      make = (modelId) => provider(modelId);
    } else {
      const { createOpenAIHttp } = await import('@org/llm-openai-http');
      const provider = createOpenAIHttp(openAIOptions);
      make = (modelId) => provider(modelId);
    }
  }
  return (modelId) => {
    const model = make(modelId);
    const overrides = overridesOf(config, modelId);
    return overrides === undefined
      ? model
      : wrapChatModel(model, { capabilities: { ...model.capabilities, ...overrides } });
  };
}
