// The chaos table on the wire for @org/llm-openai-http over an injected fetch. One file per
// adapter so Vitest runs the adapters in parallel.
import { describeWireChaos } from './describe-wire-chaos.ts';
import { openAIHttpFetchTarget } from './wire-targets.ts';

describeWireChaos(openAIHttpFetchTarget);
