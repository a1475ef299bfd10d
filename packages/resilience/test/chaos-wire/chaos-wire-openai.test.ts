// The chaos table on the wire for @org/llm-openai (the openai SDK). One file per
// adapter so Vitest runs the adapters in parallel.
import { describeWireChaos } from './describe-wire-chaos.ts';
import { openAISdkTarget } from './wire-targets.ts';

describeWireChaos(openAISdkTarget);
