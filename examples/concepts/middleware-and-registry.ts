// docs/concepts/middleware-and-registry.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/middleware-and-registry.ts`.
import {
  ConfigError,
  NotFoundError,
  createRegistry,
  wrapChatModel,
  type ChatModel,
  type ChatModelMiddleware,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';

/** Fills in a default temperature; the caller's value wins. */
export const defaultTemperature: ChatModelMiddleware = {
  transformRequest: ({ request }) => ({ temperature: 0.2, ...request }),
};

/** Records tokens and latency of every call, in ms. */
export function usageLog(lines: string[]): ChatModelMiddleware {
  return {
    wrapGenerate: async ({ request, next, model }) => {
      const started = performance.now();
      const result = await next(request);
      const ms = Math.round(performance.now() - started);
      lines.push(`${model.modelId}: ${result.usage.outputTokens} tokens out in ${ms} ms`);
      return result;
    },
    wrapStream: async ({ request, next, model }) => {
      const started = performance.now();
      const stream = await next(request);
      const ms = Math.round(performance.now() - started);
      lines.push(`${model.modelId}: first content after ${ms} ms`);
      return stream;
    },
  };
}

/** The first middleware in the list is the outermost. */
export function instrumented(model: ChatModel, lines: string[]): ChatModel {
  return wrapChatModel(model, [usageLog(lines), defaultTemperature]);
}

/** Providers by name; a model is chosen by a `provider:model` string or an alias. */
export function makeRegistry(fake: (provider: string, modelId: string) => ChatModel) {
  return createRegistry(
    {
      openai: (modelId) => fake('openai', modelId),
      anthropic: {
        chatModel: (modelId) => fake('anthropic', modelId),
        models: ['claude-sonnet-5-5', 'claude-haiku-4-5'],
      },
    },
    { aliases: { fast: 'openai:gpt-6-luna', smart: 'anthropic:claude-sonnet-5-5' } },
  );
}

/** A model id from configuration is checked at run time. */
export function modelFromConfig(registry: ReturnType<typeof makeRegistry>, id: string): string {
  try {
    const model = registry.chatModel(id);
    return `${model.provider}:${model.modelId}`;
  } catch (error) {
    if (NotFoundError.isInstance(error) || ConfigError.isInstance(error)) return error.message;
    throw error;
  }
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const lines: string[] = [];
  const inner = new MockChatModel({ modelId: 'gpt-6-luna', respond: () => 'Hi there.' });
  const model = instrumented(inner, lines);
  await model.generate({ messages: [{ role: 'user', content: 'Hi' }] });
  await model.generate({ messages: [{ role: 'user', content: 'Hi' }], temperature: 1 });
  await (await model.stream({ messages: [{ role: 'user', content: 'Hi' }] })).final();

  const registry = makeRegistry(
    (provider, modelId) => new MockChatModel({ provider, modelId, respond: () => 'OK.' }),
  );
  const fast = registry.chatModel('fast');
  const sonnet = registry.chatModel('anthropic:claude-sonnet-5-5');
  return {
    temperatures: inner.calls.map((call) => call.request.temperature),
    lines: lines.map((line) => line.replace(/\d+ ms/, 'N ms')),
    fast: `${fast.provider}:${fast.modelId}`,
    sonnet: `${sonnet.provider}:${sonnet.modelId}`,
    sameInstance: registry.chatModel('fast') === fast,
    providers: registry.providers,
    fromConfig: [
      modelFromConfig(registry, 'anthropic:claude-haiku-4-5'),
      modelFromConfig(registry, 'mistral:large'),
      modelFromConfig(registry, 'anthropic:claude-2'),
      modelFromConfig(registry, 'gpt-6-sol'),
    ],
  };
}

if (import.meta.main) console.log(await main());
