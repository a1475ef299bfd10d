import {
  createFakeProviderServer,
  loadRecordedExchanges,
  openai,
  type FakeScript,
} from '@org/llm-testkit';
import { peersDirStatus } from '@org/llm-test-support';
import type { SampleSources } from '../../../core/src/test-support/recorded-stream-samples.ts';

// The OpenAI fuzz corpus (see core's test-support/stream-fuzz.ts): the
// recorded streams of the peers fixtures, plus these scripts as the fake
// server streams them. Shared by both OpenAI adapters' fuzz tests.
export const openAIFuzzSources: SampleSources<FakeScript> = {
  peersDirStatus,
  loadRecordedExchanges,
  startServer: () => createFakeProviderServer(),
  scripts: [
    openai.text('Hello there, how are you?', { usage: { promptTokens: 5, completionTokens: 7 } }),
    openai.toolCalls(
      [
        { name: 'get_weather', arguments: { city: 'Paris', days: [1, 2] } },
        { name: 'get_time', arguments: { zone: 'Europe/Paris' } },
      ],
      { text: 'Checking.' },
    ),
    openai.refusal('I cannot help with that.'),
    openai.streamError(
      { message: 'The server had an error.', type: 'server_error' },
      { afterChunks: 3 },
    ),
  ],
};
