import { describeOpenAIReplay } from '../../openai-compat/src/test-support/describe-openai-replay.ts';
import { createWireHarness, transports } from './test-support/wire-harness.ts';

// Every OpenAI recording of the peers folder, replayed over both transports,
// which must give the same neutral result (the suite is shared with
// @org/llm-openai; openai-equivalence.wire.test.ts compares the two adapters).
describeOpenAIReplay({
  title: 'replay of every OpenAI recording',
  harness: createWireHarness,
  variants: transports,
});
