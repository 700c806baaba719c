import type { AbortSignalLike } from "../abortable";
import { settlesOnAbort, sleepUnlessAborted } from "../abortable";
import { LIMITER_MIN_MEASURE_MS, LIMITER_SEND_RATE_HEADROOM, LIMITER_WINDOW_MS, LIMITER_WINDOW_SLOTS } from "../constants";
import type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "../options";
import { resolveLimiterOptions } from "../options";
import { RateMeter } from "./RateMeter";

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

/** A request waiting for its turn. */
interface Waiter {
  resolve: () => void;
  abortSignal: AbortSignalLike | undefined;
  /** Takes the waiter out of the queue when its signal aborts; undefined for a signal that cannot tell. */
  onAbort: (() => void) | undefined;
}

/**
 * Paces the requests to one service quota at a rate learned from throttling responses (see DESIGN.md).
 *
 * Until the first throttle it does nothing. On a throttle it *measures* the quota instead of guessing it
 * from its own sending rate: while throttles keep coming the service is saturated, so what it accepts is
 * its capacity. The rate drops to `beta` × that measure, then follows a scale-free CUBIC curve, with
 * `W_max` the measured capacity and `t` the seconds since the decrease:
 *
 * `W(t) = W_max * (1 + growth * (t - K) ** 3)`, `K = cbrt((1 - beta) / growth)`,
 *
 * back up to `W_max` in K seconds, flat around it, then probing faster and faster above it, so that a
 * capacity increase is found in seconds. The rate never exceeds `headroom` × the demand (an idle client
 * learns nothing about the quota) and never falls below `minRate`.
 *
 * Sends are paced by a token bucket refilled at `W(t)`, `burstMs` deep; callers that find it empty wait in
 * FIFO order behind a single timer, which is cleared as soon as none of them is left waiting (all aborted).
 * Until the first throttle, and whenever a token is at hand, `acquire` returns undefined: no promise, no timer.
 */
export class AdaptiveRateLimiter {
  private readonly options: ResolvedLimiterOptions;
  /** CUBIC's K, in s: the time to grow from `beta × W_max` back to `W_max`. */
  private readonly k: number;
  /** Acquisitions (demand), to stop the rate growing without bound while the client is idle. */
  private readonly demand: RateMeter;
  /** Accepted responses over the last window. */
  private readonly accepted: RateMeter;
  private paced = false;
  /** CUBIC's W_max: the capacity measured at the last decrease, requests/s. */
  private capacity = 0;
  private decreasedAt = -Infinity;
  /** The current throttling episode: throttles no further apart than `holdoffMs`. */
  private episodeStart = -Infinity;
  private lastThrottleAt = -Infinity;
  /** Accepted responses since the episode began. */
  private episodeAccepted = 0;
  /** Smoothed response latency, ms; 0 until a response reports one. */
  private roundTripMs = 0;
  private tokens = 0;
  private refilledAt = 0;
  private readonly waiters: Waiter[] = [];
  private pumping = false;
  /** Aborted to end the pump's sleep, and clear its timer, when no caller is left to wait for it. */
  private wake: AbortController | undefined;

  constructor(options?: AdaptiveRateLimiterOptions) {
    this.options = resolveLimiterOptions(options);
    const { beta, growth } = this.options;
    this.k = Math.cbrt((1 - beta) / growth);
    this.demand = new RateMeter(LIMITER_WINDOW_MS / LIMITER_WINDOW_SLOTS, LIMITER_WINDOW_SLOTS, LIMITER_MIN_MEASURE_MS);
    this.accepted = new RateMeter(LIMITER_WINDOW_MS / LIMITER_WINDOW_SLOTS, LIMITER_WINDOW_SLOTS, LIMITER_MIN_MEASURE_MS);
  }

  /**
   * Call just before sending a request (first attempts and retries alike).
   * @param abortSignal - The caller's signal: once it is aborted, the wait ends without using a turn (at
   *   once when the signal has `addEventListener`, else when the turn comes).
   * @returns undefined to send now (no promise is made), or a promise to await before sending.
   */
  acquire(abortSignal?: AbortSignalLike): Promise<void> | undefined {
    const now = this.options.clock.now();
    this.demand.record(now);
    if (!this.paced) return undefined;
    if (this.waiters.length === 0 && this.take(now)) return undefined;
    const turn = new Promise<void>((resolve) => {
      const waiter: Waiter = { resolve, abortSignal, onAbort: undefined };
      if (abortSignal?.addEventListener) {
        waiter.onAbort = () => this.leave(waiter);
        abortSignal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      if (!this.pumping) void this.pump();
    });
    return abortSignal?.addEventListener ? settlesOnAbort(turn, abortSignal) : turn;
  }

  /** Call after each response (or error) of a request that was sent. */
  onResponse(outcome: LimiterOutcome): void {
    const { latencyMs } = outcome;
    // Smoothed round trip, as TCP's SRTT: gain 1/8.
    if (latencyMs !== undefined && latencyMs >= 0) this.roundTripMs += (latencyMs - this.roundTripMs) * (this.roundTripMs === 0 ? 1 : 1 / 8);
    const now = this.options.clock.now();
    if (!outcome.throttled) {
      this.episodeAccepted++;
      this.accepted.record(now);
      return;
    }
    const holdoffMs = Math.max(this.options.holdoffMs, this.roundTripMs);
    if (now - this.lastThrottleAt > holdoffMs) {
      this.episodeStart = now;
      this.episodeAccepted = 0;
    }
    this.lastThrottleAt = now;
    if (now - this.decreasedAt >= holdoffMs) this.decrease(now);
  }

  /** The pacing rate in requests/s, or undefined while the limiter has never been throttled. */
  currentRate(): number | undefined {
    return this.paced ? this.rateAt(this.options.clock.now()) : undefined;
  }

  /** Requests waiting for their turn (an aborted one whose signal cannot tell counts until its turn comes). */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Sets W_max to the measured capacity and restarts the curve at `beta × W_max`. */
  private decrease(now: number): void {
    const { beta, minRate } = this.options;
    const sending = this.paced ? this.rateAt(now) : this.demand.rate(now);
    // Tokens earned at the old rate are kept (up to the new burst); an unpaced start has none.
    if (this.paced) this.refill(now);
    else this.refilledAt = now;
    this.capacity = Math.max(minRate / beta, this.measuredCapacity(now, sending));
    this.decreasedAt = now;
    this.paced = true;
    this.tokens = Math.min(this.tokens, this.burst(this.rateAt(now)));
  }

  /**
   * The service's capacity as well as a throttle at `now` tells it, never above the rate we were sending at.
   * Deep in an episode (throttles for at least LIMITER_MIN_MEASURE_MS) the service is saturated, so what it
   * accepted since the episode began *is* its capacity. At an episode's start, what it accepted over the
   * last window, but no less than `beta × sending`: after an idle spell, or at start-up, the window knows
   * little, and one multiplicative step is the most a guess may take.
   */
  private measuredCapacity(now: number, sending: number): number {
    const span = now - this.episodeStart;
    if (span >= LIMITER_MIN_MEASURE_MS) return Math.min(sending, (Math.max(1, this.episodeAccepted) * 1000) / span);
    return Math.min(sending, Math.max(this.options.beta * sending, this.accepted.rate(now)));
  }

  private rateAt(now: number): number {
    const { growth, minRate } = this.options;
    const t = (now - this.decreasedAt) / 1000;
    const cubic = this.capacity * (1 + growth * (t - this.k) ** 3);
    const ceiling = Math.max(this.capacity, LIMITER_SEND_RATE_HEADROOM * this.demand.rate(now));
    return Math.max(minRate, Math.min(cubic, ceiling));
  }

  /** Depth of the pacing bucket at `rate`: `burstMs` worth, at least one request. */
  private burst(rate: number): number {
    return Math.max(1, (rate * this.options.burstMs) / 1000);
  }

  private refill(now: number): void {
    if (now > this.refilledAt) {
      const rate = this.rateAt(now);
      this.tokens = Math.min(this.burst(rate), this.tokens + (rate * (now - this.refilledAt)) / 1000);
      this.refilledAt = now;
    }
  }

  /** Takes a token if one is there. */
  private take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** An aborted wait leaves the queue at once, its caller having given up; its turn goes to the next. */
  private leave(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    waiter.resolve();
    // With no caller left waiting, the pump's timer would outlive every call it paces.
    if (this.waiters.every((w) => w.abortSignal?.aborted)) {
      this.wake?.abort();
      this.wake = undefined;
    }
  }

  /** Settles the wait at the head of the queue. */
  private releaseFirst(): void {
    const waiter = this.waiters.shift();
    if (waiter?.onAbort) waiter.abortSignal?.removeEventListener?.("abort", waiter.onAbort);
    waiter?.resolve();
  }

  /** Releases waiters in order, one token each, sleeping until the next token is due. Aborted waiters take none. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        // The caller of an aborted wait has given up already: settle it, and its turn goes to the next.
        if (this.waiters[0].abortSignal?.aborted) {
          this.releaseFirst();
          continue;
        }
        const now = this.options.clock.now();
        if (this.take(now)) {
          this.releaseFirst();
          continue;
        }
        const wake = (this.wake ??= new AbortController());
        try {
          // Timers have millisecond resolution; the bucket makes up for any lateness.
          await sleepUnlessAborted(this.options, Math.max(1, ((1 - this.tokens) * 1000) / this.rateAt(now)), wake.signal);
        } catch (error) {
          // Woken because no caller is left waiting: the loop finds the queue empty, or only aborted waits.
          if (!wake.signal.aborted) throw error;
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
