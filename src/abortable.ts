/** A minimal AbortSignal, as both SDK lines and Node define it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener?(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener?(type: "abort", listener: () => void): void;
}

/** An Error named "AbortError", like the SDK's own on abort. */
export function abortError(): Error {
  const error = new Error("Request aborted");
  error.name = "AbortError";
  return error;
}

/** Resolves with `wait`, or rejects with an AbortError as soon as `signal` aborts. */
export function unlessAborted(wait: Promise<void>, signal: AbortSignalLike | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.reject(abortError());
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
