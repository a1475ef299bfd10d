import type { ResilienceEvents } from '@org/llm-resilience';
import { expectTypeOf, it } from 'vitest';
import type { ResilienceEventSource } from './resilience-event-source.ts';

it('accepts the events of @org/llm-resilience as they are', () => {
  expectTypeOf<ResilienceEvents>().toExtend<ResilienceEventSource>();
  expectTypeOf<{ onRetry: () => void }>().not.toExtend<ResilienceEventSource>();
});
