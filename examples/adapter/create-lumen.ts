// docs/guides/writing-an-adapter.md, "The provider".
import {
  ConfigError,
  type ChatModel,
  type ChatModelSettings,
  type ModelCapabilities,
} from '@org/llm-core';
import { LumenChatModel } from './lumen-chat-model.ts';

/** Options of {@link createLumen}. */
export interface LumenOptions {
  /** Default: `LUMEN_API_KEY`. */
  readonly apiKey?: string | undefined;
  /** Default: the service's in-house address. */
  readonly baseURL?: string | undefined;
  /** How long a whole answer, or a silence in a stream, may take, in milliseconds. Default 60 000. */
  readonly timeoutMs?: number | undefined;
  /** Sends requests. Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch | undefined;
}

/** What Lumen's models can do: text in, text out, nothing else. */
const lumenCapabilities: ModelCapabilities = {
  tools: false,
  parallelToolCalls: false,
  vision: false,
  jsonOutput: false,
  jsonSchemaOutput: false,
  reasoning: false,
  contextWindow: 32_768,
};

/**
 * Lumen's models, as a provider `createRegistry` takes:
 * `createRegistry({ lumen: createLumen() }).chatModel('lumen:lumen-large')`.
 */
export function createLumen(
  options: LumenOptions = {},
): (modelId: string, settings?: ChatModelSettings) => ChatModel {
  const apiKey = options.apiKey ?? process.env.LUMEN_API_KEY;
  if (apiKey === undefined || apiKey === '') {
    throw new ConfigError(
      'Lumen needs an API key: pass apiKey to createLumen() or set LUMEN_API_KEY.',
      { provider: 'lumen' },
    );
  }
  const baseURL = (options.baseURL ?? 'https://lumen.internal.example').replace(/\/+$/, '');
  return (modelId, settings) =>
    new LumenChatModel({
      provider: 'lumen',
      modelId,
      capabilities: lumenCapabilities,
      url: `${baseURL}/v1/generate`,
      apiKey,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? 60_000,
      strict: settings?.strict ?? false,
    });
}
