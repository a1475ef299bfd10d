// The README's "Swap OpenAI for Claude" block, verbatim, so the type check covers it.
// It calls the real APIs: run it with OPENAI_API_KEY and ANTHROPIC_API_KEY set, and
// CHAT_MODEL=anthropic:claude-sonnet-5-5 to switch providers:
// `node --conditions=@org/source examples/swap-providers.ts`.
import { createRegistry, Conversation } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { createAnthropic } from '@org/llm-anthropic';

const registry = createRegistry({
  openai: createOpenAIHttp({ apiKey: process.env.OPENAI_API_KEY }),
  anthropic: createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY }),
});

// 'openai:gpt-6-luna' today, 'anthropic:claude-sonnet-5-5' tomorrow: configuration only.
const model = registry.chatModel(process.env.CHAT_MODEL ?? 'openai:gpt-6-luna');
const chat = new Conversation({ model, system: 'You are a concise assistant.' });
const stream = await chat.stream('Explain Retry-After in one sentence.');
for await (const text of stream.textStream) process.stdout.write(text);
