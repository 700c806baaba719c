import type { ErrorClass } from "../types";

/** What this library knows about one service: data only, no logic. */
export interface ServiceTable {
  /** Client name without "Client", as in `context.clientName`. */
  readonly service: string;
  /** Name of the client's base exception class, used to tell the service from an error alone. */
  readonly baseExceptionName: string;
  /** Modeled error names and how each is treated. */
  readonly errors: Readonly<Record<string, ErrorClass>>;
  /**
   * Operations that must not be retried after an ambiguous failure when `retryNonIdempotent` is false:
   * sends without an idempotency token (a retry after a 500 can deliver twice).
   */
  readonly nonIdempotentOperations: readonly string[];
  /** Operations with a throughput quota of their own: each gets its own rate limiter. */
  readonly separatelyMeteredOperations: readonly string[];
  /**
   * Whether the SDK's standard mode keeps a retry budget across calls on the runtime the service's client
   * ships on. Where it keeps none, the library's default keeps none either, so that it never retries less
   * than the plain SDK would; a `retryBudget` option given explicitly applies to every service.
   */
  readonly sdkKeepsRetryBudget: boolean;
}

/** Operations named with these prefixes create something and are never idempotent. */
export const NON_IDEMPOTENT_PREFIXES: readonly string[] = ["Create"];
