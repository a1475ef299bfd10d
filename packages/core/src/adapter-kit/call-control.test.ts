import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnthropicCallControl } from './anthropic-call-control.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const timeout = new Error('deadline');

describe('AnthropicCallControl', () => {
  it('passes no signal to the SDK when the caller gave none', () => {
    expect(new AnthropicCallControl(undefined, 1000, () => timeout).signal).toBeUndefined();
  });

  it('links the caller signal, reports its reason, and unlinks on dispose', () => {
    const caller = new AbortController();
    const call = new AnthropicCallControl(caller.signal, 1000, () => timeout);
    const reason = new Error('stop');
    caller.abort(reason);
    expect(call.signal?.aborted).toBe(true);
    expect(call.stopReason).toEqual({ reason });

    const other = new AbortController();
    const disposed = new AnthropicCallControl(other.signal, 1000, () => timeout);
    disposed.dispose();
    other.abort(new Error('late'));
    expect(disposed.signal?.aborted).toBe(false);
  });

  it('gives a generate what is left of the deadline after the headers, then cancels', () => {
    const call = new AnthropicCallControl(undefined, 1000, () => timeout);
    vi.advanceTimersByTime(400);
    const cancel = vi.fn();
    call.arm(cancel);
    vi.advanceTimersByTime(599);
    expect(cancel).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(call.stopReason).toEqual({ reason: timeout });
  });

  it('renews an idle deadline with each sign of life', () => {
    const call = new AnthropicCallControl(undefined, 1000, () => timeout);
    const cancel = vi.fn();
    call.arm(cancel, 'idle');
    for (let step = 0; step < 5; step++) {
      vi.advanceTimersByTime(900);
      call.touch();
    }
    expect(cancel).not.toHaveBeenCalled();
    vi.advanceTimersByTime(999);
    expect(cancel).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('stops the timer on dispose', () => {
    const call = new AnthropicCallControl(undefined, 1000, () => timeout);
    const cancel = vi.fn();
    call.arm(cancel, 50);
    call.dispose();
    vi.advanceTimersByTime(5000);
    expect(cancel).not.toHaveBeenCalled();
    expect(call.stopReason).toBeUndefined();
  });
});
