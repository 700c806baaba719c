import { brandAcrossBundles } from "../brandAcrossBundles";

/**
 * Thrown by `client.send` when the circuit of the service is open: no request was sent.
 * `retryAfterMs` says when the breaker will let a probe through, in whole milliseconds (rounded up).
 */
export class CircuitOpenError extends Error {
  /** Always "CircuitOpenError", for code that checks `error.name` rather than `instanceof`. */
  override readonly name = "CircuitOpenError";
  /** Marks the error as raised before any request, for code that inspects SDK errors. */
  readonly $metadata: {
    /** Requests sent for the call: always 0. */
    attempts: number;
    /** Time spent in retry backoff, ms: always 0. */
    totalRetryDelay: number;
  } = { attempts: 0, totalRetryDelay: 0 };
  /** Milliseconds until the breaker lets a probe through; a whole number, rounded up. */
  readonly retryAfterMs: number;

  constructor(
    /** Service whose circuit is open, e.g. "Pinpoint". */
    readonly service: string,
    /** Region of the client, e.g. "us-east-1". */
    readonly region: string,
    retryAfterMs: number,
  ) {
    const wholeMs = Math.max(0, Math.ceil(retryAfterMs));
    super(`smithy-resilience: circuit open for ${service} in ${region}; retry after ${wholeMs} ms`);
    this.retryAfterMs = wholeMs;
  }

  static {
    // `instanceof` holds across the CommonJS and ES module bundles.
    brandAcrossBundles(this, "CircuitOpenError");
  }
}
