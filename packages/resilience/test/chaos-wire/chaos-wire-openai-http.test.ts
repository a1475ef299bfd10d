// The chaos table on the wire for @org/llm-openai-http over its default transport (undici). One file per
// adapter so Vitest runs the adapters in parallel.
import { describeWireChaos } from './describe-wire-chaos.ts';
import { openAIHttpTarget } from './wire-targets.ts';

describeWireChaos(openAIHttpTarget);
