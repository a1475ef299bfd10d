import { createAnthropic } from '@org/llm-anthropic';
import { createOpenAI } from '@org/llm-openai';
import { createOpenAIHttp } from '@org/llm-openai-http';

// HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply to every adapter by default.
export const openai = createOpenAIHttp({ apiKey: process.env.OPENAI_API_KEY });

// One provider through its own proxy, with credentials: it overrides the environment.
export const claude = createAnthropic({
  apiKey: process.env.ANTHROPIC_API_KEY,
  proxy: process.env.ANTHROPIC_PROXY_URL, // e.g. http://user:password@egress.internal:3128
});

// A server on the internal network: no proxy, whatever the environment says.
export const local = createOpenAI({ baseURL: 'http://vllm.internal:8000/v1', proxy: false });
