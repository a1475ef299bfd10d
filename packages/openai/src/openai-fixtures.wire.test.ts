import { describeOpenAIReplay } from '../../openai-compat/src/test-support/describe-openai-replay.ts';
import { createWireHarness, variants } from './test-support/wire-harness.ts';

// Every OpenAI recording of the peers folder, replayed through the SDK built
// both ways, which must give the same neutral result (the suite is shared with
// @org/llm-openai-http; openai-equivalence.wire.test.ts compares the two adapters).
describeOpenAIReplay({
  title: 'replay of every OpenAI recording through the SDK',
  harness: createWireHarness,
  variants,
});
