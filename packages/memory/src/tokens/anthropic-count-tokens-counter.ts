import {
  ConfigError,
  ConnectionError,
  type ChatMessage,
  type RequestOverhead,
  type TokenCounter,
} from '@org/llm-core';
import { classifyHttpFailure } from '@org/llm-core/adapter-kit';

/** Options of {@link anthropicCountTokensCounter}. */
export interface AnthropicCountTokensOptions {
  /** The Claude model whose tokenizer counts, e.g. `claude-sonnet-4-5`. */
  readonly modelId: string;
  /** Anthropic API key; default `ANTHROPIC_API_KEY` from the environment. */
  readonly apiKey?: string | undefined;
  /** API base URL; default `https://api.anthropic.com`. */
  readonly baseUrl?: string | undefined;
  /** `fetch` to use (a proxy, a test server); default the global one. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Most count requests in flight at once; default 4. */
  readonly concurrency?: number | undefined;
}

type Block = Record<string, unknown>;
interface WireMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string | Block[];
}

/** Smallest messages the endpoint accepts: a request must start with a user turn. */
const probe: WireMessage = { role: 'user', content: '.' };
const ack: WireMessage = { role: 'assistant', content: '.' };

function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

/** A message in the Messages API's shape, as far as counting needs (earlier reasoning is not sent again). */
function toWire(message: ChatMessage): WireMessage | undefined {
  switch (message.role) {
    case 'system':
      return undefined;
    case 'user':
      if (typeof message.content === 'string') return { role: 'user', content: message.content };
      return {
        role: 'user',
        content: message.content.map((part) =>
          part.type === 'text'
            ? { type: 'text', text: part.text }
            : 'url' in part
              ? { type: 'image', source: { type: 'url', url: part.url } }
              : {
                  type: 'image',
                  source: {
                    type: 'base64',
                    media_type: part.mediaType,
                    data:
                      typeof part.data === 'string'
                        ? part.data
                        : Buffer.from(part.data).toString('base64'),
                  },
                },
        ),
      };
    case 'assistant': {
      if (typeof message.content === 'string')
        return { role: 'assistant', content: message.content };
      const blocks: Block[] = [];
      for (const part of message.content) {
        if (part.type === 'text' && part.text !== '')
          blocks.push({ type: 'text', text: part.text });
        if (part.type === 'tool-call') {
          const input = typeof part.input === 'object' && part.input !== null ? part.input : {};
          blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input });
        }
      }
      return blocks.length === 0 ? undefined : { role: 'assistant', content: blocks };
    }
    case 'tool':
      return {
        role: 'user',
        content: message.content.map((part) => ({
          type: 'tool_result',
          tool_use_id: part.toolCallId,
          content: jsonText(part.output),
          ...(part.isError === true ? { is_error: true } : {}),
        })),
      };
    default:
      return message satisfies never;
  }
}

/** The assistant turn a tool message answers: its calls, with empty inputs (they are counted with their own message). */
function callsFor(message: ChatMessage & { role: 'tool' }): WireMessage {
  return {
    role: 'assistant',
    content: message.content.map((part) => ({
      type: 'tool_use',
      id: part.toolCallId,
      name: part.toolName,
      input: {},
    })),
  };
}

/** Runs `tasks` with at most `limit` in flight, keeping their order. */
async function limited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, run));
  return results;
}

/**
 * Counts Claude tokens exactly with Anthropic's count-tokens endpoint
 * (`POST /v1/messages/count_tokens`, free, rate-limited): one call per new
 * message (two for a tool result, which needs its tool call beside it), since
 * a memory policy caches each message's count. A message's count is the
 * difference between a request with it and the same request without it, so
 * the counts add up to the request's.
 */
export function anthropicCountTokensCounter(options: AnthropicCountTokensOptions): TokenCounter {
  if (typeof options.modelId !== 'string' || options.modelId === '') {
    throw new ConfigError(
      'anthropicCountTokensCounter: modelId names the Claude model whose tokenizer counts.',
    );
  }
  const concurrency = options.concurrency ?? 4;
  const baseUrl = (options.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const cache = new Map<string, Promise<number>>();

  const count = (body: {
    system?: string;
    tools?: unknown[];
    messages: readonly WireMessage[];
  }): Promise<number> => {
    const json = JSON.stringify({ model: options.modelId, ...body });
    let counted = cache.get(json);
    if (counted === undefined) {
      counted = request(json);
      cache.set(json, counted);
      counted.catch(() => cache.delete(json));
      // Only the fixed probes are worth keeping: message requests are cached by the policy.
      if (cache.size > 64) cache.delete(cache.keys().next().value!);
    }
    return counted;
  };

  const request = async (json: string): Promise<number> => {
    const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    if (apiKey === undefined || apiKey === '') {
      throw new ConfigError(
        'anthropicCountTokensCounter: no API key; pass apiKey or set ANTHROPIC_API_KEY.',
      );
    }
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': apiKey,
          'anthropic-version': '2023-06-01',
        },
        body: json,
      });
    } catch (error) {
      throw new ConnectionError(
        `Anthropic's count-tokens endpoint is unreachable: ${(error as Error).message}`,
        {
          provider: 'anthropic',
          modelId: options.modelId,
          cause: error,
        },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw classifyHttpFailure(response.status, response.headers, text, {
        provider: 'anthropic',
        modelId: options.modelId,
      });
    }
    const tokens = (JSON.parse(text) as { input_tokens?: unknown }).input_tokens;
    if (typeof tokens !== 'number') {
      throw new ConnectionError(
        `Anthropic's count-tokens endpoint answered without input_tokens: ${text.slice(0, 200)}`,
        {
          provider: 'anthropic',
          modelId: options.modelId,
        },
      );
    }
    return tokens;
  };

  /** Tokens `message` adds to a request (0 for what is not sent). */
  const countOne = async (message: ChatMessage): Promise<number> => {
    if (message.role === 'system') {
      if (message.content === '') return 0;
      return (
        (await count({ system: message.content, messages: [probe] })) -
        (await count({ messages: [probe] }))
      );
    }
    const wire = toWire(message);
    if (wire === undefined) return 0;
    // Measured as an increment after messages that make it valid, so the count includes its own framing.
    const before: WireMessage[] =
      message.role === 'tool'
        ? [probe, callsFor(message)]
        : wire.role === 'user'
          ? [probe, ack]
          : [probe];
    const [without, withIt] = await Promise.all([
      count({ messages: before }),
      count({ messages: [...before, wire] }),
    ]);
    return Math.max(0, withIt - without);
  };

  return {
    id: `anthropic-count-tokens:${options.modelId}`,
    countMessages: (messages) =>
      limited(
        messages.map((message) => () => countOne(message)),
        concurrency,
      ),
    async countOverhead(request: RequestOverhead) {
      const tools = (request.tools ?? []).map((tool) => ({
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        input_schema: tool.inputSchema,
      }));
      const body = {
        ...(request.system === undefined || request.system === ''
          ? {}
          : { system: request.system }),
        ...(tools.length === 0 ? {} : { tools }),
        messages: [probe],
      };
      // Less what the probe message itself costs (its framing and text).
      const [total, withProbe, withoutProbe] = await Promise.all([
        count(body),
        count({ messages: [probe, ack, probe] }),
        count({ messages: [probe, ack] }),
      ]);
      return total - (withProbe - withoutProbe);
    },
  };
}
