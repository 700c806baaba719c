import type { AbortSignalLike } from "../abortable";
import type { ResolvedLimiterOptions } from "./limiterOptions";

/** What the limiter learns from one response. */
export interface LimiterOutcome {
  /** The service refused the request for its rate (an error classified THROTTLING). */
  throttled: boolean;
  /**
   * How long the request took, send to response, ms. Optional; with it the hold-off after a decrease
   * stretches to the smoothed round trip, so that echoes of earlier sends on a slow link do not count twice.
   */
  latencyMs?: number;
}

/**
 * Where a quota's pacing is decided: `"fleet"`, one rate learned for every process that shares the store;
 * `"local"`, this process alone, while the store cannot be reached.
 */
export type QuotaSharing = "fleet" | "local";

/**
 * The pacing of one service quota, as the attempt layer uses it: a turn before each attempt, the outcome
 * after it. The adaptive rate limiter of one process implements it, and so does a fleet-wide limiter of a
 * {@link QuotaStore}.
 */
export interface QuotaLimiter {
  /**
   * Call just before sending a request (first attempts and retries alike).
   * @param abortSignal - The caller's signal: once it is aborted, the wait ends without using a turn.
   * @param retry - The request retries an earlier attempt of its call (default false: a new call).
   * @returns undefined to send now (no promise is made), or a promise to await before sending.
   */
  acquire(abortSignal?: AbortSignalLike, retry?: boolean): Promise<void> | undefined;
  /** Call after each response (or error) of a request that was sent. */
  onResponse(outcome: LimiterOutcome): void;
  /** The pacing rate in requests/s, or undefined while the quota is not paced. */
  currentRate(): number | undefined;
  /** How long a request that acquired now would wait for its turn, ms (at least); 0 when not pacing. */
  predictedWaitMs(): number;
  /** Requests waiting for their turn in this process. */
  readonly waiting: number;
  /** Where the pacing is decided, for a limiter of a {@link QuotaStore}; undefined for a process's own limiter. */
  readonly sharing?: QuotaSharing;
}

/** The quota a limiter paces: a service's in a region, or an operation's own where it is metered apart. */
export interface QuotaScope {
  /** e.g. "Pinpoint". */
  readonly service: string;
  /** e.g. "us-east-1". */
  readonly region: string;
  /** The operation, for an operation metered on a quota of its own (Pinpoint's SendMessages); else unset. */
  readonly operation?: string;
}

/**
 * Where the limiters of a resilience instance keep the quotas they pace, e.g. `redisStore({ client })`
 * from `smithy-resilience/redis`, which shares one learned rate per quota across a fleet of processes.
 * Pass it as the `store` option of `createResilience`.
 */
export interface QuotaStore {
  /**
   * The limiter of `scope`, called once per quota by a resilience instance.
   * @param scope - The quota.
   * @param local - The tuning (and clock) of the instance's own limiters, for the pacing the store does
   *   in this process.
   */
  limiter(scope: QuotaScope, local: ResolvedLimiterOptions): QuotaLimiter;
}
