import {
  anthropic,
  createFakeProviderServer,
  loadRecordedExchanges,
  type FakeScript,
} from '@org/llm-testkit';
import { peersDirStatus } from '@org/llm-test-support';
import type { SampleSources } from '../../../core/src/test-support/recorded-stream-samples.ts';

// The Anthropic fuzz corpus (see core's test-support/stream-fuzz.ts): the
// recorded streams of the peers fixtures, plus these scripts as the fake
// server streams them.
export const anthropicFuzzSources: SampleSources<FakeScript> = {
  peersDirStatus,
  loadRecordedExchanges,
  startServer: () => createFakeProviderServer(),
  scripts: [
    anthropic.text('Hello there, how are you?', { usage: { inputTokens: 5, outputTokens: 7 } }),
    anthropic.toolUse(
      [
        { name: 'get_weather', input: { city: 'Paris', days: [1, 2] } },
        { name: 'get_time', input: {} },
      ],
      { text: 'Checking.' },
    ),
    anthropic.thinking(
      { thinking: 'Let me think about it.', signature: 'sig-1' },
      { text: 'Done thinking.' },
    ),
    anthropic.thinking({ redacted: 'opaque-data' }, { text: 'Redacted first.' }),
    anthropic.streamError(
      { type: 'api_error', message: 'Internal server error' },
      { afterEvents: 3 },
    ),
  ],
};
