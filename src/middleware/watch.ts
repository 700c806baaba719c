/**
 * Runs `onFulfilled` or `onRejected` when `pending` settles and returns `pending` itself. The layers
 * watch the promise the SDK awaits instead of wrapping it in an async frame of their own: each frame
 * wrapped around a send costs it one to two microseconds in the middle of the SDK's stack, as much as
 * everything else a layer does. Nothing waits longer for it: the handlers are registered before
 * whoever awaits `pending` registers, so they run first, before the SDK's retry loop (or the caller)
 * resumes.
 *
 * A handler that throws is this library's bug, never the call's: it goes to `onBug`, and the call
 * settles as the SDK settled it.
 */
export function watch<T>(pending: Promise<T>, onFulfilled: (value: T) => void, onRejected: (error: unknown) => void, onBug: (bug: unknown) => void): Promise<T> {
  pending.then(
    (value) => contained(onFulfilled, value, onBug),
    (error: unknown) => contained(onRejected, error, onBug),
  );
  return pending;
}

/** Starts a send: a synchronous throw becomes the rejection the SDK's middleware would have made of it. */
export function started<T>(send: () => Promise<T>): Promise<T> {
  try {
    return send();
  } catch (error) {
    return Promise.reject(error);
  }
}

function contained<V>(handler: (value: V) => void, value: V, onBug: (bug: unknown) => void): void {
  try {
    handler(value);
  } catch (bug) {
    onBug(bug);
  }
}
