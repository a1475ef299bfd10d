import { createRegistry, type ChatModel, type ChatRequest } from '@org/llm-core';
import { createAnthropic } from '@org/llm-anthropic';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { createFakeProviderServer, type FakeProviderServer } from '@org/llm-testkit';
import { hashGatewayKey, type GatewayKey } from '../auth/gateway-key.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../create-gateway.ts';

/** The providers' own keys: they must never reach a gateway client. */
export const providerKeys = {
  openai: 'sk-proj-providerSecretOpenAI0123456789OPEN',
  anthropic: 'sk-ant-api03-providerSecretAnthropic0123456789ANTH',
} as const;

/** How the fake server records a provider key: masked but for its last 4 characters. */
export function maskedKey(key: string): string {
  return `***${key.slice(-4)}`;
}

/** The key the harness's default gateway key is. */
export const gatewaySecret = 'gw-test-key-0123456789';

/** A model that records the requests it gets (their abort signals included). */
export function recording(model: ChatModel, calls: ChatRequest[]): ChatModel {
  return {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    generate: (request) => {
      calls.push(request);
      return model.generate(request);
    },
    stream: (request) => {
      calls.push(request);
      return model.stream(request);
    },
  };
}

/** A running gateway in front of the fake provider server, through this repo's adapters. */
export interface GatewayHarness extends AsyncDisposable {
  /** The fake OpenAI / Anthropic server the adapters call. */
  readonly fake: FakeProviderServer;
  /** The gateway. */
  readonly gateway: Gateway;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request that reached a model. */
  readonly calls: ChatRequest[];
  /** Stops the gateway and the fake server. */
  close(): Promise<void>;
}

/** Options of {@link startGatewayHarness}: gateway options to override, and the keys. */
export type HarnessOptions = Partial<Omit<GatewayOptions, 'keys'>> & {
  /** Gateway keys; default one key (`gatewaySecret`) with no limit. */
  readonly keys?: readonly GatewayKey[] | undefined;
  /** The fake server to use (default a new one). */
  readonly fake?: FakeProviderServer | undefined;
};

/**
 * Starts the fake provider server and a gateway serving `gpt-4o-mini`
 * (`@org/llm-openai-http`) and `claude-sonnet-4-6` (`@org/llm-anthropic`)
 * over it, with the providers' keys set in the adapters only.
 */
export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const fake = options.fake ?? (await createFakeProviderServer());
  const calls: ChatRequest[] = [];
  const openai = createOpenAIHttp({ baseURL: fake.openaiBaseURL, apiKey: providerKeys.openai });
  const anthropic = createAnthropic({
    baseURL: fake.anthropicBaseURL,
    apiKey: providerKeys.anthropic,
  });
  const registry = createRegistry(
    {
      openai: (id: string) => recording(openai(id), calls),
      anthropic: (id: string) => recording(anthropic(id), calls),
    },
    {
      aliases: {
        'gpt-4o-mini': 'openai:gpt-4o-mini',
        'claude-sonnet-4-6': 'anthropic:claude-sonnet-4-6',
      },
    },
  );
  const gateway = createGateway({
    registry,
    models: ['gpt-4o-mini', 'claude-sonnet-4-6'],
    onError: () => undefined,
    ...options,
    keys: options.keys ?? [{ id: 'test', sha256: hashGatewayKey(gatewaySecret) }],
  });
  const { url } = await gateway.listen();
  const close = async (): Promise<void> => {
    await gateway.close();
    if (options.fake === undefined) await fake.close();
  };
  return { fake, gateway, url, calls, close, [Symbol.asyncDispose]: close };
}
