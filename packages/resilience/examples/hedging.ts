import type { ChatModel } from '@org/llm-core';
import { withHedging, type ResilientChatModel } from '@org/llm-resilience';

/** A second request after the primary's usual p95 time to first content; the first to answer wins. */
export function hedged(primary: ChatModel, backup: ChatModel): ResilientChatModel {
  const model = withHedging([primary, backup], {
    delayMs: { percentile: 0.95, initialMs: 2000, minSamples: 20 },
    maxHedgesInFlight: 4,
  });
  model.events.onHedge(({ action, index, delayMs }) => {
    console.info(`hedge ${action}: attempt ${index} after ${delayMs} ms`);
  });
  return model;
}
