import { describe } from 'vitest';
import { loadStreamSamples } from '../../core/src/test-support/recorded-stream-samples.ts';
import { describeStreamFuzz } from '../../core/src/test-support/stream-fuzz.ts';
import { openAIFuzzSources } from '../../openai-compat/src/test-support/openai-fuzz-sources.ts';
import { createOpenAIHttp } from './index.ts';

// Mutated recorded streams through the adapter's whole stream path (fetch
// transport, SseParser, OpenAIStreamMapper, ChatStream), in-process under
// fake timers. The undici transport differs only in how bytes arrive, which
// the wire tests cover.
describe('@org/llm-openai-http stream fuzz', () => {
  describeStreamFuzz({
    wire: 'openai',
    samples: () => loadStreamSamples('openai', openAIFuzzSources),
    createModel: (fetch, timeoutMs) =>
      createOpenAIHttp({
        baseURL: 'http://fuzz.invalid/v1',
        apiKey: 'sk-fuzz-0123456789',
        fetch,
        timeoutMs,
      })('gpt-4o-mini'),
  });
});
