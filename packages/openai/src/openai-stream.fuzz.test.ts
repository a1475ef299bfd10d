import { describe } from 'vitest';
import { loadStreamSamples } from '../../core/src/test-support/recorded-stream-samples.ts';
import { describeStreamFuzz } from '../../core/src/test-support/stream-fuzz.ts';
import { openAIFuzzSources } from '../../openai-compat/src/test-support/openai-fuzz-sources.ts';
import { createOpenAI } from './index.ts';

// Mutated recorded streams through the adapter's whole stream path (the SDK
// sends the request with an injected fetch; SseParser, OpenAIStreamMapper and
// ChatStream read the body), in-process under fake timers.
describe('@org/llm-openai stream fuzz', () => {
  describeStreamFuzz({
    wire: 'openai',
    samples: () => loadStreamSamples('openai', openAIFuzzSources),
    createModel: (fetch, timeoutMs) =>
      createOpenAI({
        baseURL: 'http://fuzz.invalid/v1',
        apiKey: 'sk-fuzz-0123456789',
        fetch,
        timeoutMs,
      })('gpt-4o-mini'),
  });
});
