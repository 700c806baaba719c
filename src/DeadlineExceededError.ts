import { brandAcrossBundles } from "./brandAcrossBundles";

/**
 * Thrown by `client.send` when the call's next attempt would have to wait for its turn under the rate
 * limiter past the call's `deadlineMs`: the call fails at once, locally, and that attempt is not sent
 * (`onGiveUp` reports reason `"deadline"`). Earlier attempts of the call, if any, were sent.
 */
export class DeadlineExceededError extends Error {
  /** Always "DeadlineExceededError", for code that checks `error.name` rather than `instanceof`. */
  override readonly name = "DeadlineExceededError";
  /** Marks the error as raised by this library, for code that inspects SDK errors. */
  readonly $metadata: {
    /** Requests sent for the call before it gave up (0 when none was). */
    readonly attempts: number;
    /** Time spent in retry backoff, ms. */
    readonly totalRetryDelay: number;
  };
  /** The predicted wait for the rate limiter's turn, in whole milliseconds (rounded up). */
  readonly predictedWaitMs: number;
  /** Time the call had already taken, in whole milliseconds (rounded down). */
  readonly elapsedMs: number;

  constructor(
    /** Service of the call, e.g. "Pinpoint". */
    readonly service: string,
    /** Operation of the call, e.g. "SendMessages". */
    readonly operation: string,
    /** The call's `deadlineMs`. */
    readonly deadlineMs: number,
    predictedWaitMs: number,
    elapsedMs: number,
    metadata: { attempts: number; totalRetryDelay: number },
  ) {
    const waitMs = Math.max(0, Math.ceil(predictedWaitMs));
    const tookMs = Math.max(0, Math.floor(elapsedMs));
    super(
      `smithy-resilience: ${service}.${operation} would wait ${waitMs} ms for its turn under the rate limiter after ${tookMs} ms, past its deadline of ${deadlineMs} ms; not sent`,
    );
    this.predictedWaitMs = waitMs;
    this.elapsedMs = tookMs;
    const { attempts, totalRetryDelay } = metadata;
    // The SDK's retry middleware writes its own counts on the error it rethrows, counting this attempt that
    // was never sent: the fields keep what was sent, and ignore the writes.
    const ignore = (): void => undefined;
    this.$metadata = Object.defineProperties({} as { attempts: number; totalRetryDelay: number }, {
      attempts: { get: () => attempts, set: ignore, enumerable: true },
      totalRetryDelay: { get: () => totalRetryDelay, set: ignore, enumerable: true },
    });
  }

  static {
    // `instanceof` holds across the CommonJS and ES module bundles.
    brandAcrossBundles(this, "DeadlineExceededError");
  }
}
