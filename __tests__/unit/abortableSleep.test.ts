/**
 * The one abortable sleep every wait of the library goes through, and the rate limiter's pacing timer:
 * no timer outlives the callers it serves. Jest's fake timers count the timers left; no real time passes.
 */
import type { AbortSignalLike } from "../../src/abortable";
import { abortableSleep, settlesOnAbort, sleepUnlessAborted, unlessAborted } from "../../src/abortable";
import { systemClock } from "../../src/clock";
import { AdaptiveRateLimiter } from "../../src/rateLimiter";

/** How a promise ended, once the microtasks so far have run. */
async function stateOf(promise: Promise<unknown>): Promise<string> {
  let state = "pending";
  promise.then(
    () => void (state = "resolved"),
    (error: Error) => void (state = `rejected ${error.name}`),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
}

/** A signal that counts its listeners. */
function countingSignal() {
  const controller = new AbortController();
  let listeners = 0;
  const signal: AbortSignalLike = {
    get aborted() {
      return controller.signal.aborted;
    },
    addEventListener: (type, listener, options) => {
      listeners++;
      controller.signal.addEventListener(type, listener, options);
    },
    removeEventListener: (type, listener) => {
      listeners--;
      controller.signal.removeEventListener(type, listener);
    },
  };
  return { signal, abort: () => controller.abort(), listeners: () => listeners };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("abortableSleep", () => {
  test("resolves after ms, and leaves neither a timer nor a listener", async () => {
    const { signal, listeners } = countingSignal();
    const sleep = abortableSleep(1000, signal);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(999);
    expect(await stateOf(sleep)).toBe("pending");
    jest.advanceTimersByTime(1);
    expect(await stateOf(sleep)).toBe("resolved");
    expect(jest.getTimerCount()).toBe(0);
    expect(listeners()).toBe(0);
  });

  test("an abort clears its timer and rejects at once with an AbortError", async () => {
    const controller = new AbortController();
    const sleep = abortableSleep(20_000, controller.signal);
    controller.abort();
    expect(jest.getTimerCount()).toBe(0);
    expect(await stateOf(sleep)).toBe("rejected AbortError");
  });

  test("an aborted signal starts no timer", async () => {
    const controller = new AbortController();
    controller.abort();
    const sleep = abortableSleep(1000, controller.signal);
    expect(jest.getTimerCount()).toBe(0);
    expect(await stateOf(sleep)).toBe("rejected AbortError");
  });

  test("without a signal it is a plain timer", async () => {
    const sleep = abortableSleep(10);
    jest.advanceTimersByTime(10);
    expect(await stateOf(sleep)).toBe("resolved");
  });

  test("is the system clock's sleep", () => {
    expect(systemClock.sleep).toBe(abortableSleep);
  });
});

describe("sleepUnlessAborted", () => {
  test("hands the signal to the clock's sleep, which clears its own timer on abort", async () => {
    const controller = new AbortController();
    const wait = sleepUnlessAborted(systemClock, 20_000, controller.signal);
    expect(jest.getTimerCount()).toBe(1);
    controller.abort();
    expect(jest.getTimerCount()).toBe(0);
    expect(await stateOf(wait)).toBe("rejected AbortError");
  });

  test("adds no listener of its own to a sleep that heeds the signal", () => {
    const { signal, listeners } = countingSignal();
    void sleepUnlessAborted(systemClock, 1000, signal);
    expect(listeners()).toBe(1);
  });

  test("an injected sleep that ignores the signal cannot hold the caller", async () => {
    const controller = new AbortController();
    const sleep = jest.fn((_ms: number) => new Promise<void>(() => undefined));
    const wait = sleepUnlessAborted({ sleep }, 1000, controller.signal);
    expect(sleep).toHaveBeenCalledWith(1000, controller.signal);
    controller.abort();
    expect(await stateOf(wait)).toBe("rejected AbortError");
  });

  test("an aborted caller does not sleep at all", async () => {
    const controller = new AbortController();
    controller.abort();
    const sleep = jest.fn(async () => undefined);
    expect(await stateOf(sleepUnlessAborted({ sleep }, 1000, controller.signal))).toBe("rejected AbortError");
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe("unlessAborted", () => {
  test("a wait marked as settling on this signal's abort is not raced: one listener, the wait's own", async () => {
    const { signal, abort, listeners } = countingSignal();
    let settle = () => undefined as void;
    const wait = settlesOnAbort(
      new Promise<void>((resolve) => {
        settle = resolve;
        signal.addEventListener?.("abort", resolve, { once: true });
      }),
      signal,
    );
    const raced = unlessAborted(wait, signal);
    expect(listeners()).toBe(1);
    abort();
    // The wait resolved on the abort; the caller still gets the AbortError.
    expect(await stateOf(raced)).toBe("rejected AbortError");
    settle();
  });

  test("a wait marked for another signal is raced as any other", async () => {
    const other = new AbortController();
    const { signal, abort, listeners } = countingSignal();
    const raced = unlessAborted(settlesOnAbort(new Promise<void>(() => undefined), other.signal), signal);
    expect(listeners()).toBe(1);
    abort();
    expect(await stateOf(raced)).toBe("rejected AbortError");
  });
});

describe("the rate limiter's pacing timer", () => {
  /**
   * A limiter on the fake timers' clock, pacing once throttles are a saturated share of its responses (six after
   * a hundred accepted), with no token at hand: the next caller waits.
   */
  function pacedLimiter(sleep?: (ms: number, signal?: AbortSignalLike) => Promise<void>) {
    const limiter = new AdaptiveRateLimiter({ clock: { now: () => Date.now() }, burstMs: 0, ...(sleep ? { sleep } : {}) });
    for (let i = 0; i < 100; i++) {
      void limiter.acquire();
      limiter.onResponse({ throttled: false });
      jest.advanceTimersByTime(10);
    }
    for (let i = 0; i < 6; i++) limiter.onResponse({ throttled: true });
    return limiter;
  }

  test("is cleared as soon as every waiting caller has aborted", async () => {
    const limiter = pacedLimiter();
    const controllers = [new AbortController(), new AbortController()];
    const turns = controllers.map((c) => limiter.acquire(c.signal) as Promise<void>);
    expect(limiter.waiting).toBe(2);
    expect(jest.getTimerCount()).toBe(1);
    controllers[1].abort();
    // A caller is still waiting: the timer is its.
    expect(limiter.waiting).toBe(1);
    expect(jest.getTimerCount()).toBe(1);
    controllers[0].abort();
    expect(limiter.waiting).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    expect(await Promise.all(turns.map((turn) => stateOf(turn)))).toEqual(["resolved", "resolved"]);
  });

  test("through unlessAborted, a caller aborted in the queue gets the AbortError, and its turn goes to the next", async () => {
    const limiter = pacedLimiter();
    const first = new AbortController();
    const aborted = unlessAborted(limiter.acquire(first.signal) as Promise<void>, first.signal);
    const next = limiter.acquire(new AbortController().signal) as Promise<void>;
    first.abort();
    expect(await stateOf(aborted)).toBe("rejected AbortError");
    expect(await stateOf(next)).toBe("pending");
    await jest.advanceTimersByTimeAsync(1000);
    expect(await stateOf(next)).toBe("resolved");
    expect(jest.getTimerCount()).toBe(0);
  });

  test("a waiting caller adds one listener to its signal, through unlessAborted too, and none is left after its turn", async () => {
    const limiter = pacedLimiter();
    const { signal, listeners } = countingSignal();
    const turn = unlessAborted(limiter.acquire(signal) as Promise<void>, signal);
    expect(listeners()).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await stateOf(turn)).toBe("resolved");
    expect(listeners()).toBe(0);
  });

  test("an injected sleep is handed a signal, aborted when no caller is left", () => {
    const signals: Array<AbortSignalLike | undefined> = [];
    const limiter = pacedLimiter((_ms, signal) => {
      signals.push(signal);
      return new Promise<void>(() => undefined);
    });
    const controller = new AbortController();
    void limiter.acquire(controller.signal);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
    controller.abort();
    expect(signals[0]?.aborted).toBe(true);
  });
});
