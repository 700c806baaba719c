import { FLEET_FEED_SPAN_MS, FLEET_FLUSH_INTERVAL_MS } from "../constants";
import { AdaptiveRateLimiter } from "../rateLimiter/AdaptiveRateLimiter";
import type { ResolvedLimiterOptions } from "../rateLimiter/limiterOptions";

/** What the fleet's processes counted since the leader last read: FLUSH's fields. */
export interface FleetCounts {
  accepted: number;
  throttled: number;
  /** Acquisitions, retries included. */
  demand: number;
  /** Of the acquisitions, retries. */
  retries: number;
  latencySumMs: number;
  latencyCount: number;
}

/** Counts of nothing. */
export function noCounts(): FleetCounts {
  return { accepted: 0, throttled: 0, demand: 0, retries: 0, latencySumMs: 0, latencyCount: 0 };
}

type FleetEvent = "call" | "retry" | "accepted" | "throttled";

/**
 * The fleet's controller, run by the leader: the single-process adaptive rate limiter, fed with the whole
 * fleet's requests and responses, so that one controller learns the quota for the fleet and the fleet
 * behaves like one process whatever its size (research, section 3.2). It takes no turns (the fleet's
 * turns are Redis's GCRA); its rate is what the leader publishes.
 *
 * The counts arrive in batches, one per leader flush. Recorded at one instant a batch would look like a
 * burst to the limiter's 100 ms meters, so they are spread evenly over the time since the previous batch,
 * on a clock of the controller's own that the batches move.
 */
export class FleetController {
  private readonly limiter: AdaptiveRateLimiter;
  /** The controller's clock: the time of the event it is recording, or of the last batch. */
  private virtualNow: number;

  /**
   * @param options - The tuning of the limiters (its clock and sleep are not used).
   * @param seedRate - The fleet's stored rate when this controller takes over, requests/s; 0 for none.
   * @param now - clock.now() of the process.
   */
  constructor(options: ResolvedLimiterOptions, seedRate: number, now: number) {
    // The first batch covers about one flush interval.
    this.virtualNow = now - FLEET_FLUSH_INTERVAL_MS;
    this.limiter = new AdaptiveRateLimiter({ ...options, clock: { now: () => this.virtualNow } });
    // A leader change does not reset what the fleet learned.
    if (seedRate > 0) this.limiter.startAt(seedRate);
  }

  /**
   * Feeds one batch of the fleet's counts, read at `now`.
   * @returns The rate to publish, requests/s; 0 while the fleet need not be paced.
   */
  feed(counts: FleetCounts, now: number): number {
    const start = Math.max(this.virtualNow, now - FLEET_FEED_SPAN_MS);
    const span = Math.max(0, now - start);
    const latencyMs = counts.latencyCount > 0 ? counts.latencySumMs / counts.latencyCount : undefined;
    const calls = Math.max(0, counts.demand - counts.retries);
    const events = [
      ...spread("call", calls, start, span),
      ...spread("retry", Math.min(counts.retries, counts.demand), start, span),
      ...spread("accepted", counts.accepted, start, span),
      ...spread("throttled", counts.throttled, start, span),
    ].sort((a, b) => a.at - b.at);
    for (const { at, event } of events) {
      this.virtualNow = at;
      if (event === "call" || event === "retry") this.limiter.observeAcquire(event === "retry");
      else this.limiter.onResponse({ throttled: event === "throttled", latencyMs });
    }
    this.virtualNow = Math.max(this.virtualNow, now);
    return this.limiter.currentRate() ?? 0;
  }
}

/** `count` events evenly over [start, start + span]. */
function spread(event: FleetEvent, count: number, start: number, span: number): Array<{ at: number; event: FleetEvent }> {
  const events: Array<{ at: number; event: FleetEvent }> = [];
  for (let i = 0; i < count; i++) events.push({ at: start + (span * (i + 0.5)) / count, event });
  return events;
}
