import type { BenchClientFactory, ClientDefinition } from '../bench-client.ts';
import { scenarioOrigin } from '../scenario.ts';
import { createSseDataSplitter } from '../sse-data-splitter.ts';
import { chatModelClient } from './chat-model-client.ts';
import { benchApiKey, benchPrompt, readVercelTextStream, silenceVercelWarnings } from './common.ts';

const modelId = 'claude-haiku-4-5';
const maxTokens = 1024;
const messages = [{ role: 'user' as const, content: benchPrompt }];
const headers = {
  'content-type': 'application/json',
  'x-api-key': benchApiKey,
  'anthropic-version': '2023-06-01',
};

interface MessageJson {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
}
interface EventJson {
  readonly type: string;
  readonly delta?: { readonly type: string; readonly text?: string };
}

const fetchSse: ClientDefinition = {
  id: 'anthropic.fetch-sse',
  label: 'fetch + minimal SSE loop',
  short: 'fetch',
  group: 'anthropic',
  kind: 'floor',
  pending: () => undefined,
  load() {
    const factory: BenchClientFactory = (origin, scenario) => {
      const url = `${scenarioOrigin(origin, scenario)}/v1/messages`;
      const body = (stream: boolean): string =>
        JSON.stringify({ model: modelId, max_tokens: maxTokens, messages, stream });
      return {
        async generate() {
          const response = await fetch(url, { method: 'POST', headers, body: body(false) });
          if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
          const json = (await response.json()) as MessageJson;
          let length = 0;
          for (const block of json.content) length += block.text?.length ?? 0;
          return length;
        },
        async stream(onFirstText, signal) {
          const response = await fetch(url, {
            method: 'POST',
            headers,
            body: body(true),
            signal: signal ?? null,
          });
          if (!response.ok || response.body === null) {
            throw new Error(`HTTP ${response.status}: ${await response.text()}`);
          }
          let length = 0;
          let first = onFirstText;
          const push = createSseDataSplitter((data) => {
            const event = JSON.parse(data) as EventJson;
            if (event.type === 'error') throw new Error(`stream error: ${data}`);
            if (event.type !== 'content_block_delta' || event.delta?.type !== 'text_delta') return;
            const text = event.delta.text ?? '';
            if (text === '') return;
            if (first !== undefined) {
              first();
              first = undefined;
            }
            length += text.length;
          });
          const decoder = new TextDecoder();
          const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            push(decoder.decode(value, { stream: true }));
          }
          return length;
        },
      };
    };
    return Promise.resolve(factory);
  },
};

const anthropicSdk: ClientDefinition = {
  id: 'anthropic.anthropic-sdk',
  label: '@anthropic-ai/sdk',
  short: 'Anthropic SDK',
  group: 'anthropic',
  kind: 'sdk',
  pending: () => undefined,
  async load() {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    return (origin, scenario) => {
      const client = new Anthropic({
        apiKey: benchApiKey,
        baseURL: scenarioOrigin(origin, scenario),
        maxRetries: 0,
        timeout: 600_000,
        logLevel: 'off',
      });
      return {
        async generate() {
          const message = await client.messages.create({
            model: modelId,
            max_tokens: maxTokens,
            messages,
          });
          let length = 0;
          for (const block of message.content)
            if (block.type === 'text') length += block.text.length;
          return length;
        },
        async stream(onFirstText, signal) {
          const stream = await client.messages.create(
            { model: modelId, max_tokens: maxTokens, messages, stream: true },
            { signal },
          );
          let length = 0;
          let first = onFirstText;
          for await (const event of stream) {
            if (event.type !== 'content_block_delta' || event.delta.type !== 'text_delta') continue;
            if (event.delta.text === '') continue;
            if (first !== undefined) {
              first();
              first = undefined;
            }
            length += event.delta.text.length;
          }
          return length;
        },
      };
    };
  },
};

const vercelAi: ClientDefinition = {
  id: 'anthropic.vercel-ai',
  label: 'Vercel AI SDK (ai + @ai-sdk/anthropic)',
  short: 'Vercel AI',
  group: 'anthropic',
  kind: 'sdk',
  pending: () => undefined,
  async load() {
    const [{ generateText, streamText }, { createAnthropic }] = await Promise.all([
      import('ai'),
      import('@ai-sdk/anthropic'),
    ]);
    silenceVercelWarnings();
    return (origin, scenario) => {
      const model = createAnthropic({
        apiKey: benchApiKey,
        baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
      }).messages(modelId);
      return {
        async generate() {
          const result = await generateText({
            model,
            messages,
            maxOutputTokens: maxTokens,
            maxRetries: 0,
          });
          return result.text.length;
        },
        async stream(onFirstText, signal) {
          const result = streamText({
            model,
            messages,
            maxOutputTokens: maxTokens,
            maxRetries: 0,
            abortSignal: signal,
            // Errors arrive as 'error' parts below; the default handler would also log them.
            onError: () => undefined,
          });
          return readVercelTextStream(result.stream, onFirstText);
        },
      };
    };
  },
};

const anthropicAdapter: ClientDefinition = {
  id: 'anthropic.llm-anthropic',
  label: '@org/llm-anthropic',
  short: 'ours',
  group: 'anthropic',
  kind: 'ours',
  pending: () => undefined,
  async load() {
    const { createAnthropic } = await import('@org/llm-anthropic');
    return (origin, scenario) =>
      chatModelClient(
        createAnthropic({ apiKey: benchApiKey, baseURL: scenarioOrigin(origin, scenario) })(
          modelId,
        ),
        benchPrompt,
      );
  },
};

/** The Anthropic Messages clients, floor first. */
export const anthropicClients: readonly ClientDefinition[] = [
  fetchSse,
  anthropicSdk,
  vercelAi,
  anthropicAdapter,
];
