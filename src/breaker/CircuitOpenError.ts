/**
 * The package ships two bundles (`dist/index.js` for `require`, `dist/index.mjs` for `import`), each with
 * its own copy of this class. A registry-wide symbol brands instances of either copy, so `instanceof`
 * holds whichever build created the error and whichever build the caller imported.
 */
const BRAND = Symbol.for("smithy-resilience.CircuitOpenError");

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
    // On the prototype rather than each instance, so logs and inspection stay as before.
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  /** Brand check for `CircuitOpenError` itself; subclasses keep the ordinary prototype check. */
  static [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if ((this as unknown) !== CircuitOpenError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}
