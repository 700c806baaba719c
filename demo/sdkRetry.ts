/**
 * The "SDK standard retry" variant: each client's own default strategy, observed from outside and with
 * its jitter drawn from a seeded generator.
 * @packageDocumentation
 */

import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";
import type { ErrorClass, GiveUpReason } from "../src";

/** The SDK's cap on any backoff delay (MAXIMUM_RETRY_DELAY on both runtime lines). */
const SDK_MAXIMUM_RETRY_DELAY_MS = 20_000;

/** What the SDK's StandardRetryStrategy exposes on both runtime lines (Smithy 2.x and @smithy/core 3.x). */
interface SdkStandardStrategy {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
  getMaxAttempts(): Promise<number>;
  retryBackoffStrategy: SdkBackoff;
}

/** The SDK's backoff interface: the strategy sets the base for the error type, then asks for retry i's delay. */
interface SdkBackoff {
  setDelayBase(delayMs: number): void;
  computeNextBackoffDelay(retryIndex: number): number;
}

/** What the observer reports: the same facts smithy-resilience's hooks give, in the SDK's own words. */
export interface SdkRetryListener {
  onRetry(errorClass: ErrorClass, delayMs: number): void;
  onGiveUp(reason: GiveUpReason, errorClass: ErrorClass): void;
}

/**
 * The SDK's `DefaultRetryBackoffStrategy`, `t_i = floor(b * min(x * 2 ** i, 20 s))`, with `b` drawn from
 * `random` instead of `Math.random`: same delays in distribution, the same sequence for the same seed.
 */
export class SeededSdkBackoff implements SdkBackoff {
  private x = 0;

  constructor(private readonly random: () => number) {}

  setDelayBase(delayMs: number): void {
    this.x = delayMs;
  }

  computeNextBackoffDelay(retryIndex: number): number {
    return Math.floor(this.random() * Math.min(this.x * 2 ** retryIndex, SDK_MAXIMUM_RETRY_DELAY_MS));
  }
}

/** Why the SDK refused a retry, in the order its `retryCode` checks: retryable type, attempts, capacity. */
export function sdkRefusalReason(errorType: string, attempt: number, maxAttempts: number): GiveUpReason {
  if (errorType !== "THROTTLING" && errorType !== "TRANSIENT") return "non-retryable";
  return attempt >= maxAttempts ? "max-attempts" : "retry-budget";
}

/**
 * Wraps whatever the client's own `config.retryStrategy` provider returns, per call, exactly as the SDK's
 * retry middleware would: the current line returns one shared instance, the old v1 line (middleware-retry
 * 2.3) a new instance for every call, so its retry budget never carries over. Decisions stay the SDK's;
 * this only swaps the source of jitter and reports what was decided.
 */
export class ObservedSdkRetryStrategy implements RetryStrategyV2 {
  private readonly owners = new WeakMap<RetryToken, SdkStandardStrategy>();
  private readonly seeded = new WeakSet<SdkStandardStrategy>();

  constructor(
    private readonly sdkDefault: () => Promise<unknown>,
    private readonly random: () => number,
    private readonly listener: SdkRetryListener,
  ) {}

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    const strategy = (await this.sdkDefault()) as SdkStandardStrategy;
    if (!this.seeded.has(strategy)) {
      strategy.retryBackoffStrategy = new SeededSdkBackoff(this.random);
      this.seeded.add(strategy);
    }
    return this.own(strategy, await strategy.acquireInitialRetryToken(scope));
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const strategy = this.ownerOf(token);
    const errorClass = errorInfo.errorType as ErrorClass;
    let next: RetryToken;
    try {
      next = await strategy.refreshRetryTokenForRetry(token, errorInfo);
    } catch (refusal) {
      const reason = sdkRefusalReason(errorClass, token.getRetryCount() + 1, await strategy.getMaxAttempts());
      this.listener.onGiveUp(reason, errorClass);
      throw refusal;
    }
    // The current line sleeps inside refresh and records it as acquisitionDelay; the old line returns the delay.
    const slept = (next as { $retryLog?: { acquisitionDelay?: number } }).$retryLog?.acquisitionDelay ?? 0;
    this.listener.onRetry(errorClass, slept + next.getRetryDelay());
    return this.own(strategy, next);
  }

  recordSuccess(token: RetryToken): void {
    this.ownerOf(token).recordSuccess(token);
  }

  private own(strategy: SdkStandardStrategy, token: RetryToken): RetryToken {
    this.owners.set(token, strategy);
    return token;
  }

  private ownerOf(token: RetryToken): SdkStandardStrategy {
    const strategy = this.owners.get(token);
    if (!strategy) throw new TypeError("demo: a retry token this observer did not hand out");
    return strategy;
  }
}
