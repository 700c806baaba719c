import type { AbortSignalLike } from "./abortable";
import type { Failure } from "./classification";
import { UNKNOWN } from "./names";
import type { OperationInfo } from "./operations";
import type { QuotaLimiter } from "./rateLimiter";
import type { Route } from "./routes";
import type { GiveUpReason, OperationRef, ResilienceLogger } from "./types";

/**
 * One `client.send`, across all its attempts (and, with partial re-sends, all its rounds). Created by
 * whoever starts the call (the call layer, or the partial re-send layer for its rounds), which also
 * reports its end, once. It travels with that send only: never on the SDK's middleware context, which
 * `cacheMiddleware: true` shares between sends.
 */
export class Call implements OperationRef {
  /** Attempts started so far, over every round. */
  attempts = 0;
  /** When the current attempt started (clock.now()). */
  attemptStartedAt = 0;
  /** How long the current attempt waited for its turn under the rate limiter, ms. */
  pacingDelayMs = 0;
  /**
   * Throttled attempts that the rate limiter had paced: they do not count towards maxAttempts, and their
   * retry waits its turn in the limiter's queue instead of backing off (at most MAX_PACED_THROTTLE_RETRIES).
   */
  pacedThrottles = 0;
  /** The last failed attempt is one of them. */
  lastThrottlePaced = false;
  /** Backoff decided so far, ms (the SDK sleeps it; partial re-send waits are added by their layer). */
  totalDelayMs = 0;
  /** The most recent failed attempt, classified by the attempt layer. */
  lastFailure: Failure | undefined;
  /** Why the call gave up, when this library decided it. */
  giveUpReason: GiveUpReason | undefined;
  /** Set by this library's strategy when it takes the call's retry token: it then writes the attempt lines. */
  strategyAttached = false;
  /** Where the call goes, known once its request is serialized (finalize step). */
  route: Route | undefined;
  /** The rate limiter of the call's quota, when pacing is on. */
  limiter: QuotaLimiter | undefined;
  /** The call's region, known once its request is serialized. */
  region = UNKNOWN;

  constructor(
    readonly info: OperationInfo,
    readonly logger: ResilienceLogger | undefined,
    readonly abortSignal: AbortSignalLike | undefined,
    readonly startedAt: number,
  ) {}

  /** The service, e.g. "Pinpoint". */
  get service(): string {
    return this.info.service;
  }

  /** The operation, e.g. "SendMessages". */
  get operation(): string {
    return this.info.operation;
  }

  /** The failure the attempt layer classified for `error`, when `error` is the call's last. */
  failureFor(error: unknown): Failure | undefined {
    return this.lastFailure?.error === error ? this.lastFailure : undefined;
  }

  /** Takes the call to its route: the breaker, budget and limiter that serve it there. */
  routeTo(route: Route): void {
    this.route = route;
    this.region = route.region;
    this.limiter = route.limiterFor(this.info.operation, this.info.separatelyMetered);
  }
}
