import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallControl } from './call-control.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const timeout = new Error('deadline');

describe('CallControl', () => {
  it('has no optional signal when the caller gave none, and makes a signal on demand', () => {
    const call = new CallControl(undefined, 1000, () => timeout);
    expect(call.optionalSignal).toBeUndefined();
    const signal = call.signal;
    expect(signal.aborted).toBe(false);
    expect(call.optionalSignal).toBe(signal);
    expect(call.stopReason).toBeUndefined();
  });

  it('stops at once for a caller signal that was aborted before the call began', () => {
    const caller = new AbortController();
    const reason = new Error('stopped while the request was prepared');
    caller.abort(reason);
    const call = new CallControl(caller.signal, 1000, () => timeout);
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBe(reason);
    expect(call.optionalSignal?.aborted).toBe(true);
    call.arm('idle');
    vi.advanceTimersByTime(1000);
    // The deadline cannot replace the caller's reason.
    expect(call.stopReason).toEqual({ reason });
    call.dispose();
  });

  it('links the caller signal, reports its reason, and unlinks on dispose', () => {
    const caller = new AbortController();
    const call = new CallControl(caller.signal, 1000, () => timeout);
    expect(call.optionalSignal).toBe(call.signal);
    const reason = new Error('stop');
    caller.abort(reason);
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBe(reason);
    expect(call.stopReason).toEqual({ reason });

    const other = new AbortController();
    const disposed = new CallControl(other.signal, 1000, () => timeout);
    disposed.dispose();
    const late = new Error('late');
    other.abort(late);
    expect(disposed.signal.aborted).toBe(false);
    // The call still reports the caller's abort when asked why it failed.
    expect(disposed.stopReason).toEqual({ reason: late });
  });

  it('starts no deadline before arm()', () => {
    const call = new CallControl(undefined, 1000, () => timeout);
    vi.advanceTimersByTime(5000);
    expect(call.stopReason).toBeUndefined();
    expect(call.signal.aborted).toBe(false);
  });

  it('gives what is left of the deadline since the call began, then cancels and aborts', () => {
    const call = new CallControl(undefined, 1000, () => timeout);
    const signal = call.signal;
    vi.advanceTimersByTime(400);
    const cancel = vi.fn();
    call.arm('remaining', cancel);
    vi.advanceTimersByTime(599);
    expect(cancel).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(call.stopReason).toEqual({ reason: timeout });
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(timeout);
  });

  it('renews an idle deadline with each sign of life', () => {
    const call = new CallControl(undefined, 1000, () => timeout);
    const cancel = vi.fn();
    call.arm('idle', cancel);
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

  it('replaces the deadline when armed again (a short one to drain a finished body)', () => {
    const call = new CallControl(undefined, 1000, () => timeout);
    const first = vi.fn();
    const second = vi.fn();
    call.arm('idle', first);
    vi.advanceTimersByTime(500);
    call.arm(50, second);
    vi.advanceTimersByTime(50);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('keeps the first reason: a caller abort after the deadline does not replace the timeout', () => {
    const caller = new AbortController();
    const call = new CallControl(caller.signal, 100, () => timeout);
    call.arm('idle');
    vi.advanceTimersByTime(100);
    caller.abort(new Error('too late'));
    expect(call.stopReason).toEqual({ reason: timeout });
    expect(call.signal.reason).toBe(timeout);
  });

  it('builds the timeout error once', () => {
    const onTimeout = vi.fn(() => timeout);
    const call = new CallControl(undefined, 100, onTimeout);
    call.arm('idle');
    vi.advanceTimersByTime(100);
    call.arm(10);
    vi.advanceTimersByTime(10);
    expect(onTimeout).toHaveBeenCalledTimes(1);
  });

  it('aborts a signal made after the call stopped', () => {
    const call = new CallControl(undefined, 100, () => timeout);
    call.arm('idle');
    vi.advanceTimersByTime(100);
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBe(timeout);
  });

  it('stops the timer on dispose', () => {
    const call = new CallControl(undefined, 1000, () => timeout);
    const cancel = vi.fn();
    call.arm(50, cancel);
    call.dispose();
    vi.advanceTimersByTime(5000);
    expect(cancel).not.toHaveBeenCalled();
    expect(call.stopReason).toBeUndefined();
  });
});
