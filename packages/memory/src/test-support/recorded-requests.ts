// The recorded provider exchanges of ../shared/peers/fixtures that carry both
// a request and the usage the provider reported, converted to this library's
// neutral request, so token counters can be checked against real counts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage, RequestOverhead, ToolDefinition } from '@org/llm-core';
import { peersDir } from '@org/llm-test-support';
import { loadRecordedExchanges } from '@org/llm-testkit';

/** One recorded request with the input tokens the provider counted. */
export interface RecordedRequest {
  readonly name: string;
  readonly modelId: string;
  readonly overhead: RequestOverhead;
  readonly messages: readonly ChatMessage[];
  /** Input tokens the provider reported (cache reads and writes included). */
  readonly inputTokens: number;
}

type Json = Record<string, unknown>;
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The usage object of a JSON body or of an SSE stream (the last one that has input tokens). */
function usageOf(body: string, field: 'input_tokens' | 'prompt_tokens'): Json | undefined {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      return (JSON.parse(trimmed) as Json).usage as Json | undefined;
    } catch {
      return undefined;
    }
  }
  let usage: Json | undefined;
  for (const line of body.split('\n')) {
    if (!line.startsWith('data:')) continue;
    try {
      const event = JSON.parse(line.slice(5)) as Json;
      const found = ((event.message as Json | undefined)?.usage ?? event.usage) as
        Json | undefined | null;
      if (
        found !== undefined &&
        found !== null &&
        typeof found[field] === 'number' &&
        found[field] !== 0
      ) {
        usage = { ...usage, ...found };
      }
    } catch {
      // Not JSON (e.g. [DONE]).
    }
  }
  return usage;
}

function anthropicRequest(name: string, body: Json, usage: Json): RecordedRequest | undefined {
  const tools = asArray(body.tools);
  // Server tools (web search) add results the request does not show.
  if (tools.some((tool) => tool.type !== undefined && tool.type !== 'custom')) return undefined;
  const system =
    typeof body.system === 'string'
      ? body.system
      : asArray(body.system)
          .map((block) => text(block.text))
          .join('\n\n');
  const messages: ChatMessage[] = [];
  for (const message of asArray(body.messages)) {
    const blocks =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : asArray(message.content);
    if (message.role === 'user') {
      const results = blocks.filter((block) => block.type === 'tool_result');
      if (results.length > 0) {
        messages.push({
          role: 'tool',
          content: results.map((block) => ({
            type: 'tool-result' as const,
            toolCallId: String(block.tool_use_id),
            toolName: 'tool',
            output:
              typeof block.content === 'string'
                ? block.content
                : asArray(block.content)
                    .map((part) => text(part.text))
                    .join(''),
          })),
        });
      }
      const rest = blocks.filter((block) => block.type !== 'tool_result');
      if (rest.length > 0) {
        messages.push({
          role: 'user',
          content: rest.map((block) =>
            block.type === 'image'
              ? { type: 'image' as const, url: 'https://example.com/image.png' }
              : { type: 'text' as const, text: text(block.text) },
          ),
        });
      }
    } else {
      messages.push({
        role: 'assistant',
        content: blocks.map((block) => {
          switch (block.type) {
            case 'tool_use':
              return {
                type: 'tool-call' as const,
                toolCallId: String(block.id),
                toolName: String(block.name),
                input: block.input,
              };
            case 'thinking':
              return {
                type: 'reasoning' as const,
                text: text(block.thinking),
                signature: text(block.signature),
              };
            case 'redacted_thinking':
              return {
                type: 'reasoning' as const,
                text: '',
                redactedData: text(block.data),
              };
            default:
              return { type: 'text' as const, text: text(block.text) };
          }
        }),
      });
    }
  }
  const format = ((body.output_config as Json | undefined)?.format ?? body.output_format) as
    Json | undefined;
  return {
    name,
    modelId: String(body.model),
    overhead: {
      ...(system === '' ? {} : { system }),
      ...(tools.length === 0
        ? {}
        : {
            tools: tools.map((tool): ToolDefinition => ({
              name: String(tool.name),
              description: typeof tool.description === 'string' ? tool.description : undefined,
              inputSchema: tool.input_schema as ToolDefinition['inputSchema'],
            })),
          }),
      ...(format?.schema === undefined
        ? {}
        : {
            responseFormat: {
              type: 'json-schema' as const,
              schema: format.schema as Record<string, unknown>,
            },
          }),
    },
    messages,
    inputTokens:
      Number(usage.input_tokens ?? 0) +
      Number(usage.cache_read_input_tokens ?? 0) +
      Number(usage.cache_creation_input_tokens ?? 0),
  };
}

function openAIRequest(name: string, body: Json, usage: Json): RecordedRequest | undefined {
  if (!Array.isArray(body.messages)) return undefined; // the Responses API
  const toolNames = new Map<string, string>();
  const messages: ChatMessage[] = [];
  for (const message of asArray(body.messages)) {
    const contentText = (content: unknown): string =>
      typeof content === 'string'
        ? content
        : asArray(content)
            .map((part) => text(part.text))
            .join('');
    switch (message.role) {
      case 'system':
      case 'developer':
        messages.push({ role: 'system', content: contentText(message.content) });
        break;
      case 'user':
        messages.push({ role: 'user', content: contentText(message.content) });
        break;
      case 'assistant': {
        const calls = asArray(message.tool_calls).map((call) => {
          const fn = call.function as Json;
          toolNames.set(String(call.id), String(fn.name));
          let input: unknown;
          try {
            input = JSON.parse(String(fn.arguments));
          } catch {
            input = fn.arguments;
          }
          return {
            type: 'tool-call' as const,
            toolCallId: String(call.id),
            toolName: String(fn.name),
            input,
          };
        });
        const content = contentText(message.content);
        messages.push({
          role: 'assistant',
          content: [
            ...(content === '' ? [] : [{ type: 'text' as const, text: content }]),
            ...calls,
          ],
        });
        break;
      }
      case 'tool':
        messages.push({
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: String(message.tool_call_id),
              toolName: toolNames.get(String(message.tool_call_id)) ?? 'tool',
              output: contentText(message.content),
            },
          ],
        });
        break;
      default:
        return undefined;
    }
  }
  const tools = asArray(body.tools).map((tool): ToolDefinition => {
    const fn = tool.function as Json;
    return {
      name: String(fn.name),
      description: typeof fn.description === 'string' ? fn.description : undefined,
      inputSchema: (fn.parameters ?? { type: 'object' }) as ToolDefinition['inputSchema'],
    };
  });
  const format = body.response_format as Json | undefined;
  const schema = (format?.json_schema as Json | undefined)?.schema;
  return {
    name,
    modelId: String(body.model),
    overhead: {
      ...(tools.length === 0 ? {} : { tools }),
      ...(schema === undefined
        ? {}
        : {
            responseFormat: {
              type: 'json-schema' as const,
              schema: schema as Record<string, unknown>,
            },
          }),
    },
    messages,
    inputTokens: Number(usage.prompt_tokens),
  };
}

/**
 * Every recorded request of `provider` with its reported input tokens,
 * without duplicates; `undefined` (with the reason) when the peers folder is
 * missing.
 */
export function recordedRequests(provider: 'openai' | 'anthropic'): RecordedRequest[] | string {
  const dir = peersDir();
  if (dir === undefined) return 'the peers folder (LLM_PEERS_DIR or ../shared/peers) is missing';
  const seen = new Set<string>();
  const out: RecordedRequest[] = [];
  for (const file of files(join(dir, 'fixtures', provider))) {
    if (!/\.(json|ya?ml)$/.test(file)) continue;
    let exchanges;
    try {
      exchanges = loadRecordedExchanges(file);
    } catch {
      continue;
    }
    for (const exchange of exchanges) {
      const body = exchange.request?.body;
      if (typeof body !== 'object' || body === null) continue;
      const key = JSON.stringify(body);
      if (seen.has(key)) continue;
      const usage = usageOf(
        exchange.response.body,
        provider === 'openai' ? 'prompt_tokens' : 'input_tokens',
      );
      if (usage === undefined) continue;
      const request =
        provider === 'openai'
          ? openAIRequest(exchange.name, body as Json, usage)
          : anthropicRequest(exchange.name, body as Json, usage);
      if (request === undefined || !(request.inputTokens > 0)) continue;
      seen.add(key);
      out.push(request);
    }
  }
  return out;
}
