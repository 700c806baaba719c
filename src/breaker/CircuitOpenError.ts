/**
 * Thrown by `client.send` when the circuit of the service is open: no request was sent.
 * `retryAfterMs` says when the breaker will let a probe through.
 */
export class CircuitOpenError extends Error {
  override readonly name = "CircuitOpenError";
  /** Marks the error as raised before any request, for code that inspects SDK errors. */
  readonly $metadata: { attempts: number; totalRetryDelay: number } = { attempts: 0, totalRetryDelay: 0 };

  constructor(
    readonly service: string,
    readonly region: string,
    readonly retryAfterMs: number,
  ) {
    super(`smithy-resilience: circuit open for ${service} in ${region}; retry after ${Math.ceil(retryAfterMs)} ms`);
  }
}
