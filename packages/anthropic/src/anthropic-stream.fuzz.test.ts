import { describe } from 'vitest';
import { loadStreamSamples } from '../../core/src/test-support/recorded-stream-samples.ts';
import { describeStreamFuzz } from '../../core/src/test-support/stream-fuzz.ts';
import { createAnthropic } from './index.ts';
import { anthropicFuzzSources } from './test-support/anthropic-fuzz-sources.ts';

// Mutated recorded streams through the adapter's whole stream path (the SDK
// sends the request with an injected fetch; SseParser, AnthropicStreamMapper,
// AnthropicStreamSource and ChatStream read the body), in-process under fake
// timers.
describe('@org/llm-anthropic stream fuzz', () => {
  describeStreamFuzz({
    wire: 'anthropic',
    samples: () => loadStreamSamples('anthropic', anthropicFuzzSources),
    createModel: (fetch, timeoutMs) =>
      createAnthropic({
        baseURL: 'http://fuzz.invalid',
        apiKey: 'sk-ant-fuzz-0123456789',
        fetch,
        timeoutMs,
      })('claude-haiku-4-5'),
  });
});
