/** A minimal AbortSignal, as both SDK lines and Node define it; a Node `AbortSignal` fits. */
export interface AbortSignalLike {
  /** Whether the signal has aborted. */
  readonly aborted: boolean;
  /** Calls `listener` when the signal aborts; optional, as some SDK signals lack it. */
  addEventListener?(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener?(type: "abort", listener: () => void): void;
}

/** An Error named "AbortError", like the SDK's own on abort. */
export function abortError(): Error {
  const error = new Error("Request aborted");
  error.name = "AbortError";
  return error;
}

/**
 * Waits known to settle as soon as the signal they map to aborts. Racing one against its signal would only
 * add a listener: calls that share one signal would reach Node's limit of 10 listeners twice as fast.
 */
const waitsEndedByAbort = new WeakMap<Promise<void>, AbortSignalLike>();

/**
 * Marks `wait` as settling (either way) as soon as `signal` aborts, so that {@link unlessAborted} adds no
 * listener of its own to `signal`.
 * @returns `wait`.
 */
export function settlesOnAbort(wait: Promise<void>, signal: AbortSignalLike): Promise<void> {
  waitsEndedByAbort.set(wait, signal);
  return wait;
}

/** Resolves with `wait`, or rejects with an AbortError as soon as `signal` aborts. */
export function unlessAborted(wait: Promise<void>, signal: AbortSignalLike | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.reject(abortError());
  if (waitsEndedByAbort.get(wait) === signal) {
    return wait.then(() => {
      if (signal.aborted) throw abortError();
    });
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener?.("abort", onAbort, { once: true });
    wait.then(
      () => {
        signal.removeEventListener?.("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener?.("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Waits `ms` milliseconds on a timer that is cleared as soon as `signal` aborts, so that no timer outlives
 * the wait's caller; it then rejects with an AbortError.
 */
export function abortableSleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError());
  const sleep = new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener?.("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener?.("abort", onAbort, { once: true });
  });
  return signal?.addEventListener ? settlesOnAbort(sleep, signal) : sleep;
}

/** Something that sleeps: a {@link Clock}, or the rate limiter's options. */
export interface Sleeper {
  sleep(ms: number, signal?: AbortSignalLike): Promise<void>;
}

/**
 * Sleeps `ms` on `sleeper`, ending at once with an AbortError when `signal` aborts. The signal goes to the
 * sleep, so that the real one clears its timer; any other sleep (an injected one may ignore the signal)
 * is raced against it, so that it cannot hold the caller.
 */
export function sleepUnlessAborted(sleeper: Sleeper, ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  // Checked first: an aborted caller starts no timer at all.
  if (signal?.aborted) return Promise.reject(abortError());
  return unlessAborted(sleeper.sleep(ms, signal), signal);
}
