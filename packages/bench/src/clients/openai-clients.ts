import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChatModel } from '@org/llm-core';
import type { BenchClientFactory, ClientDefinition } from '../bench-client.ts';
import { scenarioOrigin } from '../scenario.ts';
import { createSseDataSplitter } from '../sse-data-splitter.ts';
import { chatModelClient } from './chat-model-client.ts';
import { benchApiKey, benchPrompt, readVercelTextStream, silenceVercelWarnings } from './common.ts';

const modelId = 'gpt-4.1-nano';
const messages = [{ role: 'user' as const, content: benchPrompt }];
const headers = {
  'content-type': 'application/json',
  authorization: `Bearer ${benchApiKey}`,
};

function requestBody(stream: boolean): string {
  return JSON.stringify(
    stream
      ? { model: modelId, messages, stream: true, stream_options: { include_usage: true } }
      : { model: modelId, messages },
  );
}

interface CompletionJson {
  readonly choices: readonly { readonly message: { readonly content: string | null } }[];
}
interface ChunkJson {
  readonly choices: readonly { readonly delta?: { readonly content?: string | null } }[];
}

/** The bare loops' handling of one `data:` payload: parse it, count its text. */
function chunkReader(onFirstText: (() => void) | undefined): {
  push: (text: string) => void;
  length: () => number;
} {
  let length = 0;
  let first = onFirstText;
  const push = createSseDataSplitter((data) => {
    if (data === '[DONE]') return;
    const content = (JSON.parse(data) as ChunkJson).choices[0]?.delta?.content;
    if (content === undefined || content === null || content === '') return;
    if (first !== undefined) {
      first();
      first = undefined;
    }
    length += content.length;
  });
  return { push, length: () => length };
}

function chatCompletionsUrl(origin: string, scenario: Parameters<BenchClientFactory>[1]): string {
  return `${scenarioOrigin(origin, scenario)}/v1/chat/completions`;
}

const undiciRequest: ClientDefinition = {
  id: 'openai.undici-request',
  label: 'undici.request + minimal SSE',
  short: 'undici',
  group: 'openai',
  kind: 'floor',
  pending: () => undefined,
  async load() {
    const { request } = await import('undici');
    return (origin, scenario) => {
      const url = chatCompletionsUrl(origin, scenario);
      return {
        async generate() {
          const response = await request(url, {
            method: 'POST',
            headers,
            body: requestBody(false),
          });
          if (response.statusCode !== 200) {
            throw new Error(`HTTP ${response.statusCode}: ${await response.body.text()}`);
          }
          const json = (await response.body.json()) as CompletionJson;
          return json.choices[0]?.message.content?.length ?? 0;
        },
        async stream(onFirstText, signal) {
          const response = await request(url, {
            method: 'POST',
            headers,
            body: requestBody(true),
            signal,
          });
          if (response.statusCode !== 200) {
            throw new Error(`HTTP ${response.statusCode}: ${await response.body.text()}`);
          }
          const reader = chunkReader(onFirstText);
          response.body.setEncoding('utf8');
          for await (const text of response.body) reader.push(text as string);
          return reader.length();
        },
      };
    };
  },
};

const fetchSse: ClientDefinition = {
  id: 'openai.fetch-sse',
  label: 'fetch + minimal SSE loop',
  short: 'fetch',
  group: 'openai',
  kind: 'bare',
  pending: () => undefined,
  load() {
    const factory: BenchClientFactory = (origin, scenario) => {
      const url = chatCompletionsUrl(origin, scenario);
      return {
        async generate() {
          const response = await fetch(url, { method: 'POST', headers, body: requestBody(false) });
          if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
          const json = (await response.json()) as CompletionJson;
          return json.choices[0]?.message.content?.length ?? 0;
        },
        async stream(onFirstText, signal) {
          const response = await fetch(url, {
            method: 'POST',
            headers,
            body: requestBody(true),
            signal: signal ?? null,
          });
          if (!response.ok || response.body === null) {
            throw new Error(`HTTP ${response.status}: ${await response.text()}`);
          }
          const reader = chunkReader(onFirstText);
          const decoder = new TextDecoder();
          const body: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
          for (;;) {
            const { done, value } = await body.read();
            if (done) break;
            reader.push(decoder.decode(value, { stream: true }));
          }
          return reader.length();
        },
      };
    };
    return Promise.resolve(factory);
  },
};

const openaiSdk: ClientDefinition = {
  id: 'openai.openai-sdk',
  label: 'openai SDK',
  short: 'openai SDK',
  group: 'openai',
  kind: 'sdk',
  pending: () => undefined,
  async load() {
    const { default: OpenAI } = await import('openai');
    return (origin, scenario) => {
      const client = new OpenAI({
        apiKey: benchApiKey,
        baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
        maxRetries: 0,
        timeout: 600_000,
      });
      return {
        async generate() {
          const completion = await client.chat.completions.create({ model: modelId, messages });
          return completion.choices[0]?.message.content?.length ?? 0;
        },
        async stream(onFirstText, signal) {
          const stream = await client.chat.completions.create(
            { model: modelId, messages, stream: true, stream_options: { include_usage: true } },
            { signal },
          );
          let length = 0;
          let first = onFirstText;
          for await (const chunk of stream) {
            const content = chunk.choices[0]?.delta.content;
            if (content === undefined || content === null || content === '') continue;
            if (first !== undefined) {
              first();
              first = undefined;
            }
            length += content.length;
          }
          return length;
        },
      };
    };
  },
};

const vercelAi: ClientDefinition = {
  id: 'openai.vercel-ai',
  label: 'Vercel AI SDK (ai + @ai-sdk/openai)',
  short: 'Vercel AI',
  group: 'openai',
  kind: 'sdk',
  pending: () => undefined,
  async load() {
    const [{ generateText, streamText }, { createOpenAI }] = await Promise.all([
      import('ai'),
      import('@ai-sdk/openai'),
    ]);
    silenceVercelWarnings();
    return (origin, scenario) => {
      const model = createOpenAI({
        apiKey: benchApiKey,
        baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
      }).chat(modelId);
      return {
        async generate() {
          const result = await generateText({ model, messages, maxRetries: 0 });
          return result.text.length;
        },
        async stream(onFirstText, signal) {
          const result = streamText({
            model,
            messages,
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

const openaiHttp: ClientDefinition = {
  id: 'openai.llm-openai-http',
  label: '@org/llm-openai-http (undici)',
  short: 'ours (undici)',
  group: 'openai',
  kind: 'ours',
  pending: () => undefined,
  async load() {
    const { createOpenAIHttp } = await import('@org/llm-openai-http');
    return (origin, scenario) =>
      chatModelClient(
        createOpenAIHttp({
          apiKey: benchApiKey,
          baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
        })(modelId),
        benchPrompt,
      );
  },
};

const openaiHttpFetch: ClientDefinition = {
  id: 'openai.llm-openai-http-fetch',
  label: '@org/llm-openai-http (injected fetch)',
  short: 'ours (fetch)',
  group: 'openai',
  kind: 'ours',
  pending: () => undefined,
  async load() {
    const { createOpenAIHttp } = await import('@org/llm-openai-http');
    return (origin, scenario) =>
      chatModelClient(
        createOpenAIHttp({
          apiKey: benchApiKey,
          baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
          fetch: (input, init) => fetch(input, init),
        })(modelId),
        benchPrompt,
      );
  },
};

/** What `@org/llm-openai` is expected to export, by analogy with its siblings. */
type CreateOpenAI = (options: {
  apiKey: string;
  baseURL: string;
}) => (modelId: string) => ChatModel;

const openaiAdapterIndex = fileURLToPath(new URL('../../../openai/src/index.ts', import.meta.url));

const openaiAdapter: ClientDefinition = {
  id: 'openai.llm-openai',
  label: '@org/llm-openai (openai SDK adapter)',
  short: 'ours (SDK)',
  group: 'openai',
  kind: 'ours',
  pending: () =>
    existsSync(openaiAdapterIndex)
      ? undefined
      : 'PENDING: packages/openai/src/index.ts does not exist yet (the SDK adapter is being written)',
  async load() {
    // A computed specifier: the package has no source yet while it is being
    // written, and a literal import would fail the type check until it does.
    const specifier = '@org/llm-openai';
    const module = (await import(specifier)) as { createOpenAI?: unknown };
    if (typeof module.createOpenAI !== 'function') {
      throw new Error('@org/llm-openai does not export a createOpenAI function yet');
    }
    const createOpenAI = module.createOpenAI as CreateOpenAI;
    return (origin, scenario) =>
      chatModelClient(
        createOpenAI({
          apiKey: benchApiKey,
          baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
        })(modelId),
        benchPrompt,
      );
  },
};

const openaiHttpResilience: ClientDefinition = {
  id: 'openai.llm-openai-http-resilience',
  label: 'withResilience(@org/llm-openai-http)',
  short: 'ours+resilience',
  group: 'openai',
  kind: 'ours',
  pending: () => undefined,
  async load() {
    const [{ createOpenAIHttp }, { withResilience }] = await Promise.all([
      import('@org/llm-openai-http'),
      import('@org/llm-resilience'),
    ]);
    return (origin, scenario) =>
      chatModelClient(
        // The defaults: retries, per-attempt idle deadline and circuit breaker, no faults.
        withResilience(
          createOpenAIHttp({
            apiKey: benchApiKey,
            baseURL: `${scenarioOrigin(origin, scenario)}/v1`,
          })(modelId),
        ),
        benchPrompt,
      );
  },
};

/** The OpenAI Chat Completions clients, floor first. */
export const openaiClients: readonly ClientDefinition[] = [
  undiciRequest,
  fetchSse,
  openaiSdk,
  vercelAi,
  openaiHttp,
  openaiHttpFetch,
  openaiAdapter,
  openaiHttpResilience,
];
