// The chaos table on the wire for @org/llm-anthropic (the Anthropic SDK). One file per
// adapter so Vitest runs the adapters in parallel.
import { describeWireChaos } from './describe-wire-chaos.ts';
import { anthropicTarget } from './wire-targets.ts';

describeWireChaos(anthropicTarget);
