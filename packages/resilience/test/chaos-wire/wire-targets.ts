// The adapters the wire chaos suite runs against: each one pointed at the
// testkit's fake server, as a primary and a secondary model on the same wire.
import type { ChatModel } from '@org/llm-core';
import { createAnthropic } from '@org/llm-anthropic';
import { createOpenAI } from '@org/llm-openai';
import { createOpenAIHttp } from '@org/llm-openai-http';
import type { FakeProviderServer, FakeWire } from '@org/llm-testkit';

/** The API key every target sends (the fake server masks it in what it records). */
export const wireTargetApiKey = 'sk-5e1d9c2b7a40f386e2c9a1d7';
const apiKey = wireTargetApiKey;

/**
 * The adapters' own HTTP timeout: far above the resilience deadlines the
 * suite sets, so every stall is caught by `withDeadline`, as in production,
 * and never by the adapter first.
 */
const adapterTimeoutMs = 10_000;

/** One adapter under test. */
export interface WireTarget {
  /** Names the target in test titles, e.g. `@org/llm-openai-http (undici)`. */
  readonly name: string;
  /** The wire it speaks, which decides the fake server's scripts. */
  readonly wire: FakeWire;
  /** Model id of the primary (the one the fault hits). */
  readonly primaryModelId: string;
  /** Model id of the secondary (the fallback). */
  readonly secondaryModelId: string;
  /** The two models, pointed at `server`. */
  createModels(server: FakeProviderServer): {
    readonly primary: ChatModel;
    readonly secondary: ChatModel;
  };
}

const openAIModels = { primaryModelId: 'gpt-4o-mini', secondaryModelId: 'gpt-4.1-mini' } as const;

/** `@org/llm-openai-http` over its default Node transport (undici's `request`). */
export const openAIHttpTarget: WireTarget = {
  name: '@org/llm-openai-http (undici)',
  wire: 'openai',
  ...openAIModels,
  createModels(server) {
    const provider = createOpenAIHttp({
      baseURL: server.openaiBaseURL,
      apiKey,
      timeoutMs: adapterTimeoutMs,
    });
    return {
      primary: provider(openAIModels.primaryModelId),
      secondary: provider(openAIModels.secondaryModelId),
    };
  },
};

/**
 * `@org/llm-openai-http` over an injected `fetch`: a second transport with
 * its own failure shapes (fetch's `TypeError: fetch failed`, body stream
 * errors), classified by the same adapter.
 */
export const openAIHttpFetchTarget: WireTarget = {
  name: '@org/llm-openai-http (fetch)',
  wire: 'openai',
  ...openAIModels,
  createModels(server) {
    const provider = createOpenAIHttp({
      baseURL: server.openaiBaseURL,
      apiKey,
      timeoutMs: adapterTimeoutMs,
      fetch: (input, init) => fetch(input, init),
    });
    return {
      primary: provider(openAIModels.primaryModelId),
      secondary: provider(openAIModels.secondaryModelId),
    };
  },
};

/** `@org/llm-openai`, over the official `openai` SDK. */
export const openAISdkTarget: WireTarget = {
  name: '@org/llm-openai (openai SDK)',
  wire: 'openai',
  ...openAIModels,
  createModels(server) {
    const provider = createOpenAI({
      baseURL: server.openaiBaseURL,
      apiKey,
      timeoutMs: adapterTimeoutMs,
    });
    return {
      primary: provider(openAIModels.primaryModelId),
      secondary: provider(openAIModels.secondaryModelId),
    };
  },
};

const anthropicModels = {
  primaryModelId: 'claude-haiku-4-5',
  secondaryModelId: 'claude-sonnet-4-6',
} as const;

/** `@org/llm-anthropic`, over the official `@anthropic-ai/sdk`. */
export const anthropicTarget: WireTarget = {
  name: '@org/llm-anthropic (Anthropic SDK)',
  wire: 'anthropic',
  ...anthropicModels,
  createModels(server) {
    const provider = createAnthropic({
      baseURL: server.anthropicBaseURL,
      apiKey,
      timeoutMs: adapterTimeoutMs,
    });
    return {
      primary: provider(anthropicModels.primaryModelId),
      secondary: provider(anthropicModels.secondaryModelId),
    };
  },
};
