import { describe, expect, it, vi } from 'vitest';
import { ResilienceEvents, type CircuitCloseEvent } from './resilience-events.ts';

const closed: CircuitCloseEvent = { provider: 'p', modelId: 'm', key: 'p:m' };

describe('ResilienceEvents', () => {
  it('delivers events to their listeners until disposed', () => {
    const events = new ResilienceEvents();
    const listener = vi.fn();
    const subscription = events.onCircuitClose(listener);
    expect(events.has('circuitClose')).toBe(true);
    events.emit('circuitClose', closed);
    subscription.dispose();
    subscription.dispose();
    events.emit('circuitClose', closed);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(closed);
    expect(events.has('circuitClose')).toBe(false);
  });

  it('supports `using` declarations', () => {
    const events = new ResilienceEvents();
    const listener = vi.fn();
    {
      using _subscription = events.onCircuitClose(listener);
      events.emit('circuitClose', closed);
    }
    events.emit('circuitClose', closed);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering when a listener throws or disposes itself, and reports the throw', () => {
    const events = new ResilienceEvents();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const later = vi.fn();
    const self = events.onCircuitClose(() => {
      self.dispose();
    });
    events.onCircuitClose(() => {
      throw new Error('metrics bug');
    });
    events.onCircuitClose(later);
    events.emit('circuitClose', closed);
    expect(later).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('metrics bug');
    expect(warn.mock.calls[0]?.[1]).toEqual({ type: 'ResilienceListenerError' });
  });
});
