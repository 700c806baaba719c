import type { AbortSignalLike } from "../abortable";
import { settlesOnAbort, sleepUnlessAborted } from "../abortable";
import {
  LIMITER_BINDING_SHARE,
  LIMITER_BURST_MIN_CALLS,
  LIMITER_DEMAND_JUMP,
  LIMITER_ENGAGE_SHARE,
  LIMITER_ENGAGE_SUSTAINED,
  LIMITER_ENGAGE_THROTTLES,
  LIMITER_EPISODE_GAP_TOKENS,
  LIMITER_EVIDENCE_WINDOW_MS,
  LIMITER_MEASURE_RESPONSES,
  LIMITER_MIN_MEASURE_MS,
  LIMITER_QUIET_MS,
  LIMITER_RECOVERY_MS,
  LIMITER_RETURN_DOUBLING_MS,
  LIMITER_SATURATED_STEP,
  LIMITER_SEARCH_DEMAND,
  LIMITER_SEND_RATE_HEADROOM,
  LIMITER_WINDOW_MS,
  LIMITER_WINDOW_SLOTS,
} from "../constants";
import type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "../options";
import { resolveLimiterOptions } from "../options";
import type { LimiterOutcome, QuotaLimiter } from "./QuotaLimiter";
import { RateMeter } from "./RateMeter";

export type { LimiterOutcome } from "./QuotaLimiter";

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
 * - **Engages on evidence of saturation only**: at least LIMITER_ENGAGE_THROTTLES throttles over the evidence
 *   window, and either LIMITER_ENGAGE_SHARE of the last second's responses or LIMITER_ENGAGE_SUSTAINED throttles.
 *   A stray throttle at trickle traffic changes nothing: no pacing, no promise.
 * - **Measures the quota** instead of guessing it from its own sending rate: while throttles keep coming the
 *   service is saturated, so what it accepts is its capacity `W_max`. The rate drops to `beta × W_max` once per
 *   congestion episode (throttles of the episode refine the measure, they never compound).
 * - **Follows the capacity**: back at `W_max` LIMITER_RECOVERY_MS after a decrease (concave), then CUBIC's
 *   probe above it, `W_max * (1 + growth * t ** 3)`; when a higher capacity was measured in the last
 *   `bestMemoryMs` (LIMITER_BEST_MEMORY_MS by default), the rate first returns to it, doubling every LIMITER_RETURN_DOUBLING_MS, so a quota
 *   that dropped and came back is followed within about a second. It never exceeds `headroom` × the demand and
 *   never falls below `minRate`.
 * - **Stops pacing** once quiet (LIMITER_QUIET_MS without a throttle, nobody waiting, the demand at most half
 *   the rate), or on a demand far above what its measure rests on after a second without a throttle: a burst
 *   after a trickle goes as fast as unpaced.
 *
 * Sends are paced by a token bucket refilled at the rate, `burstMs` deep; callers that find it empty wait in
 * FIFO order behind a single timer, which is cleared as soon as none of them is left waiting (all aborted).
 * While not pacing, and whenever a token is at hand, `acquire` returns undefined: no promise, no timer.
 */
export class AdaptiveRateLimiter implements QuotaLimiter {
  private readonly options: ResolvedLimiterOptions;
  /** K, in s: the time to grow from `beta × W_max` back to `W_max` (LIMITER_RECOVERY_MS). */
  private readonly k: number;
  /** Acquisitions (demand), to stop the rate growing without bound while the client is idle. */
  private readonly demand: RateMeter;
  /** Acquisitions for first attempts: new calls, the offered load without its retries. */
  private readonly arrivals: RateMeter;
  /** Accepted responses over the evidence window. */
  private readonly accepted: RateMeter;
  /** Throttled responses over the evidence window. */
  private readonly throttled: RateMeter;
  private paced = false;
  /** CUBIC's W_max: the capacity measured at the last decrease, requests/s. */
  private capacity = 0;
  /** The best capacity measured in the last `bestMemoryMs` (default LIMITER_BEST_MEMORY_MS), requests/s; 0 for none. */
  private best = 0;
  private bestAt = -Infinity;
  /** The best rate is a guess (unbounded when the limiter engaged at once), not a measure. */
  private bestGuessed = false;
  private decreasedAt = -Infinity;
  /** The demand (requests/s) at the last decrease: what the measure rests on. */
  private saturatedDemand = 0;
  /** The current throttling episode: throttles no further apart than the hold-off (or LIMITER_EPISODE_GAP_TOKENS requests). */
  private episodeStart = -Infinity;
  private lastThrottleAt = -Infinity;
  /** New calls over about LIMITER_MIN_MEASURE_MS before the last throttle: whether a burst was under way then. */
  private arrivalsAtThrottle = 0;
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
    this.k = LIMITER_RECOVERY_MS / 1000;
    const slotMs = LIMITER_WINDOW_MS / LIMITER_WINDOW_SLOTS;
    this.demand = new RateMeter(slotMs, LIMITER_WINDOW_SLOTS, LIMITER_MIN_MEASURE_MS);
    this.arrivals = new RateMeter(slotMs, LIMITER_WINDOW_SLOTS, LIMITER_MIN_MEASURE_MS);
    // The evidence of saturation is judged over a longer window: at a low quota, throttles are seconds apart.
    const evidenceSlots = (LIMITER_EVIDENCE_WINDOW_MS * LIMITER_WINDOW_SLOTS) / LIMITER_WINDOW_MS;
    this.accepted = new RateMeter(slotMs, evidenceSlots, LIMITER_MIN_MEASURE_MS);
    this.throttled = new RateMeter(slotMs, evidenceSlots, LIMITER_MIN_MEASURE_MS);
  }

  /**
   * Call just before sending a request (first attempts and retries alike).
   * @param abortSignal - The caller's signal: once it is aborted, the wait ends without using a turn (at
   *   once when the signal has `addEventListener`, else when the turn comes).
   * @param retry - The request retries an earlier attempt of its call (default false: a new call).
   * @returns undefined to send now (no promise is made), or a promise to await before sending.
   */
  acquire(abortSignal?: AbortSignalLike, retry = false): Promise<void> | undefined {
    const now = this.options.clock.now();
    if (!this.arrive(now, retry)) return undefined;
    if (this.waiters.length === 0 && this.take(now)) return undefined;
    this.searchIfOutrun(now);
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

  /**
   * Counts a request as {@link acquire} does, and moves the limiter as its demand says (it may stop pacing,
   * or search upwards when new calls come at twice the rate or more), but takes no turn: no token, no
   * queue. A fleet's controller learns from the whole fleet's requests this way, which wait their turn
   * elsewhere.
   * @param retry - The request retries an earlier attempt of its call (default false: a new call).
   */
  observeAcquire(retry = false): void {
    const now = this.options.clock.now();
    // The turns are taken elsewhere: new calls at twice the rate mean callers wait there.
    if (this.arrive(now, retry)) this.searchIfOutrun(now);
  }

  /**
   * Paces at `rate` (at least `minRate`) from now, as if a congestion episode had just measured it as the
   * capacity: back on the curve at W_max, with `rate` as the best recent capacity. It then follows the
   * throttles it sees as usual. Seeds a limiter that takes over the pacing of a quota whose rate another
   * one learned (a fleet's new controller, or a process pacing alone while the fleet cannot be reached).
   */
  startAt(rate: number): void {
    const now = this.options.clock.now();
    const capacity = Math.max(this.options.minRate, rate);
    this.paced = true;
    this.capacity = capacity;
    this.saturatedDemand = capacity;
    // On the curve at W_max: the recovery after the (virtual) decrease is over.
    this.decreasedAt = now - this.k * 1000;
    this.setBest(now, capacity, false);
    // The measure is as fresh as a throttle now: the limiter does not let go at once, and the next throttle
    // starts an episode of its own.
    this.lastThrottleAt = now;
    this.episodeStart = now;
    this.episodeAccepted = 0;
    this.refilledAt = now;
    this.tokens = 0;
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
    this.throttled.record(now);
    this.arrivalsAtThrottle = this.arrivals.recentCount(now, LIMITER_MIN_MEASURE_MS);
    const holdoffMs = this.holdoffMs();
    if (now - this.lastThrottleAt > Math.max(holdoffMs, (LIMITER_EPISODE_GAP_TOKENS * 1000) / Math.max(this.options.minRate, this.acceptedRate(now)))) {
      this.episodeStart = now;
      this.episodeAccepted = 0;
    }
    this.lastThrottleAt = now;
    if (this.paced ? now - this.decreasedAt >= holdoffMs && (this.binding(now) || this.saturated(now)) : this.saturated(now)) this.decrease(now);
  }

  /** The pacing rate in requests/s, or undefined while the limiter does not pace. */
  currentRate(): number | undefined {
    const now = this.options.clock.now();
    return this.pacing(now) ? this.rateAt(now) : undefined;
  }

  /**
   * How long a request that acquired now would wait for its turn, ms: the waiters ahead of it plus the
   * token deficit, over the current rate. 0 while the limiter does not pace, or when a token is at hand.
   */
  predictedWaitMs(): number {
    const now = this.options.clock.now();
    if (!this.pacing(now)) return 0;
    this.refill(now);
    const deficit = this.waiters.length + 1 - this.tokens;
    return deficit <= 0 ? 0 : (deficit * 1000) / this.rateAt(now);
  }

  /** Requests waiting for their turn (an aborted one whose signal cannot tell counts until its turn comes). */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Counts an acquisition in the demand (and, for a first attempt, the arrivals); whether the limiter paces at `now`. */
  private arrive(now: number, retry: boolean): boolean {
    this.demand.record(now);
    if (!retry) this.arrivals.record(now);
    return this.pacing(now);
  }

  /**
   * Accepted responses per second over about the last second, or over the last LIMITER_MIN_MEASURE_MS if that
   * is higher and counts enough responses to tell (a burst that a quota took at once after a quiet second).
   */
  private acceptedRate(now: number): number {
    const second = this.accepted.recentRate(now, LIMITER_WINDOW_MS);
    if (this.accepted.recentCount(now, LIMITER_MIN_MEASURE_MS) < LIMITER_MEASURE_RESPONSES) return second;
    return Math.max(second, this.accepted.recentRate(now, LIMITER_MIN_MEASURE_MS));
  }

  /** Throttles closer together than this belong to one episode, ms; a decrease is not followed by another sooner. */
  private holdoffMs(): number {
    return Math.max(this.options.holdoffMs, this.roundTripMs);
  }

  /**
   * Evidence that the quota is saturated: at least LIMITER_ENGAGE_THROTTLES throttles over the evidence window (at
   * a low quota they are seconds apart), and either a share of the responses over the last second that no stray
   * throttle makes, or LIMITER_ENGAGE_SUSTAINED throttles over the window (sustained throttling, which callers'
   * backoffs can keep a small share of the traffic).
   */
  private saturated(now: number): boolean {
    const throttles = this.throttled.count(now);
    if (throttles < LIMITER_ENGAGE_THROTTLES) return false;
    if (throttles >= LIMITER_ENGAGE_SUSTAINED) return true;
    const recent = this.throttled.recentCount(now, LIMITER_WINDOW_MS);
    return recent >= LIMITER_ENGAGE_SHARE * (recent + this.accepted.recentCount(now, LIMITER_WINDOW_MS));
  }

  /** While pacing: callers wait, or ask for about the rate or more. A throttle then is the quota's answer to the rate. */
  private binding(now: number): boolean {
    return this.waiters.length > 0 || this.demand.recentRate(now, LIMITER_MIN_MEASURE_MS) >= LIMITER_BINDING_SHARE * this.rateAt(now);
  }

  /**
   * Whether the limiter paces at `now`. It stops once quiet (no throttle for LIMITER_QUIET_MS, nobody waiting,
   * the demand at most half the rate), and on a demand far above anything its measure rests on (LIMITER_DEMAND_JUMP
   * times the capacity and the demand when it last decreased): no evidence says that the quota cannot take it, and
   * if it cannot the next throttles measure it again. A burst of new calls that began after the last throttle lets
   * go at once, even right after it: the SDK alone would send the burst unpaced, and throttles at a trickle say
   * nothing of what the quota takes at once (a burst that was under way when the quota throttled is what the
   * measure rests on). Any other demand, retries included, lets go after a second without a throttle.
   */
  private pacing(now: number): boolean {
    if (!this.paced) return false;
    const quietMs = now - this.lastThrottleAt;
    // The rate itself follows the demand (twice it at most), so the jump is measured against what the measure
    // rests on: the capacity and the demand when it was taken.
    const measured = LIMITER_DEMAND_JUMP * Math.max(this.capacity, this.saturatedDemand);
    const burst =
      this.arrivalsAtThrottle < LIMITER_BURST_MIN_CALLS &&
      this.arrivals.recentCount(now, LIMITER_MIN_MEASURE_MS) >= LIMITER_BURST_MIN_CALLS &&
      this.arrivals.recentRate(now, LIMITER_MIN_MEASURE_MS) >= measured;
    if (burst || quietMs >= LIMITER_WINDOW_MS) {
      const jumped = burst || this.demand.recentRate(now, LIMITER_MIN_MEASURE_MS) >= measured;
      const quiet =
        quietMs >= LIMITER_QUIET_MS && this.waiters.length === 0 && this.rateAt(now) >= LIMITER_SEND_RATE_HEADROOM * this.demand.rate(now);
      if (jumped || quiet) {
        this.paced = false;
        // Whoever waits goes now, as the callers after them will.
        while (this.waiters.length > 0) this.releaseFirst();
        this.wake?.abort();
        this.wake = undefined;
        return false;
      }
    }
    return true;
  }

  /**
   * Callers wait, new calls (first attempts) come at LIMITER_SEARCH_DEMAND times the rate or more, and no
   * throttle came for the recovery time: the quota may have room CUBIC's slow probe would take seconds to find
   * (a quota that rose under a backlog). Retries are left out: after a storm they would look like demand. The rate then searches upwards from where it is, doubling as when it returns to a best
   * rate, until a throttle says where the quota is.
   */
  private searchIfOutrun(now: number): void {
    const sinceMs = now - this.decreasedAt;
    if (sinceMs < this.k * 1000 || now - this.lastThrottleAt < this.k * 1000) return;
    if (this.best > this.capacity && now - this.bestAt <= this.options.bestMemoryMs) return; // returning already
    const rate = this.rateAt(now);
    if (this.arrivals.rate(now) < LIMITER_SEARCH_DEMAND * rate) return;
    this.refill(now);
    this.capacity = rate;
    this.decreasedAt = now - this.k * 1000;
    this.setBest(now, Infinity, true);
  }

  /** Sets W_max to the measured capacity and restarts the curve at `beta × W_max`. */
  private decrease(now: number): void {
    const { beta, minRate } = this.options;
    const demand = Math.max(this.demand.rate(now), this.demand.recentRate(now, LIMITER_MIN_MEASURE_MS));
    const engaging = !this.paced;
    // Paced, what was sent is the rate while callers wait for it, else the lower of the rate and the demand
    // (callers that acquired while the queue was long do not show in the demand meter any more).
    const rate = engaging ? demand : this.rateAt(now);
    const sending = engaging || this.waiters.length > 0 ? rate : Math.min(rate, Math.max(demand, this.options.minRate));
    this.saturatedDemand = Math.max(demand, sending);
    // Tokens earned at the old rate are kept (up to the new burst); an unpaced start has none.
    if (engaging) {
      this.refilledAt = now;
      this.tokens = 0;
    } else this.refill(now);
    const measure = this.measure(now, sending, engaging);
    this.capacity = Math.max(minRate / beta, measure.rate);
    if (now - this.bestAt > this.options.bestMemoryMs) {
      this.best = 0;
      this.bestGuessed = false;
    }
    if (measure.measured) {
      if (this.bestGuessed || this.capacity >= this.best) this.setBest(now, this.capacity, false);
    } else if (engaging) {
      // Saturated at once (a burst, start-up): what the callers want is not known yet (the demand meter lags a
      // burst), so the rate returns upwards, doubling (within twice the demand), as to a best rate, until a
      // throttle or a measure says better.
      this.setBest(now, Infinity, true);
    } else if (this.bestGuessed) {
      // A throttle while pacing refutes a guessed best rate: there is none until a measure.
      this.setBest(now, 0, false);
    }
    this.decreasedAt = now;
    this.paced = true;
    this.tokens = Math.min(this.tokens, this.burst(this.rateAt(now)));
  }

  private setBest(now: number, rate: number, guessed: boolean): void {
    this.best = rate;
    this.bestAt = now;
    this.bestGuessed = guessed;
  }

  /**
   * The service's capacity as well as a throttle at `now` tells it (`measured`), or a bound on it:
   * - deep in an episode (throttles no further apart than its gap, for LIMITER_MIN_MEASURE_MS and about
   *   LIMITER_MEASURE_RESPONSES accepted responses), the service is saturated: what it accepted since the
   *   episode began *is* its capacity;
   * - engaging, what it accepted over the last second (a burst, start-up: the window may know little, so the rate
   *   will return upwards until a throttle or a measure says better);
   * - else what it accepted over the last second, but one multiplicative step from `sending` at most: `beta`,
   *   or LIMITER_SATURATED_STEP when the evidence says the quota is saturated (or, engaging, when nothing was
   *   accepted lately).
   */
  private measure(now: number, sending: number, engaging: boolean): { rate: number; measured: boolean } {
    const span = now - this.episodeStart;
    const accepted = this.acceptedRate(now);
    if (span >= Math.max(LIMITER_MIN_MEASURE_MS, (LIMITER_MEASURE_RESPONSES * 1000) / Math.max(this.options.minRate, accepted))) {
      // From one throttle to another the quota's bucket went from empty to empty: it accepted what it refilled.
      return { rate: (Math.max(1, this.episodeAccepted) * 1000) / span, measured: true };
    }
    // Engaging, the limiter trusts what the service accepted lately, if anything: the rate returns upwards anyway.
    if (engaging && accepted > 0) return { rate: Math.min(sending, accepted), measured: false };
    const step = engaging || this.saturated(now) ? LIMITER_SATURATED_STEP : this.options.beta;
    return { rate: Math.min(sending, Math.max(step * sending, accepted)), measured: false };
  }

  /**
   * The rate at `now`: back from `beta × W_max` to `W_max` over the recovery time (concave), then CUBIC's convex
   * probe above it; from the plateau on, a return to the best recent capacity, doubling, after which the curve
   * continues from there as if that capacity had been measured.
   */
  private rateAt(now: number): number {
    const { beta, growth, minRate } = this.options;
    let t = (now - this.decreasedAt) / 1000;
    const k = this.k;
    let rate: number;
    if (t < k) rate = this.capacity * (1 - (1 - beta) * (1 - t / k) ** 3);
    else {
      if (this.best > this.capacity && now - this.bestAt <= this.options.bestMemoryMs) {
        const returnS = k + (Math.log2(this.best / this.capacity) * LIMITER_RETURN_DOUBLING_MS) / 1000;
        if (t < returnS) {
          const ramp = this.capacity * 2 ** (((t - k) * 1000) / LIMITER_RETURN_DOUBLING_MS);
          return this.capped(now, Math.max(ramp, this.capacity * (1 + growth * (t - k) ** 3)));
        }
        // Back at the best recent capacity: the curve goes on from there.
        this.decreasedAt += (returnS - k) * 1000;
        this.capacity = this.best;
        t = (now - this.decreasedAt) / 1000;
      }
      rate = this.capacity * (1 + growth * (t - k) ** 3);
    }
    return Math.max(minRate, this.capped(now, rate));
  }

  /** The rate never grows above `headroom` × the demand (or W_max): an idle client learns nothing about the quota. */
  private capped(now: number, rate: number): number {
    return Math.max(this.options.minRate, Math.min(rate, Math.max(this.capacity, LIMITER_SEND_RATE_HEADROOM * this.demand.rate(now))));
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
