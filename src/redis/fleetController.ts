import { FLEET_FEED_LAG_MS, FLEET_SLOT_MS, FLEET_STALE_SLOT_MS } from "../constants";
import { AdaptiveRateLimiter } from "../rateLimiter/AdaptiveRateLimiter";
import type { ResolvedLimiterOptions } from "../rateLimiter/limiterOptions";

/** What the fleet's processes counted in one slot of Redis's clock (FLEET_SLOT_MS wide). */
export interface FleetSlot {
  /** The slot's index: its start over FLEET_SLOT_MS, on the clock that counted it (a process's, or Redis's once filed). */
  slot: number;
  accepted: number;
  throttled: number;
  /** Acquisitions, retries included. */
  demand: number;
  /** Of the acquisitions, retries. */
  retries: number;
}

/** What the leader reads at a flush: the fleet's slots that every process has sent, oldest first. */
export interface FleetFeedback {
  /** Redis's clock at the read, ms. */
  nowMs: number;
  latencySumMs: number;
  latencyCount: number;
  slots: FleetSlot[];
}

type FleetEvent = "call" | "retry" | "accepted" | "throttled";

/**
 * The fleet's controller, run by the leader: the single-process adaptive rate limiter, fed with the whole
 * fleet's requests and responses, so that one controller learns the quota for the fleet and the fleet
 * behaves like one process whatever its size (research, section 3.2). It takes no turns (the fleet's
 * turns are Redis's GCRA); its rate is what the leader publishes.
 *
 * Its clock is Redis's, FLEET_FEED_LAG_MS behind: the processes count in slots and send them with their
 * age, Redis files them by slot, and the controller reads a slot once every process has sent it. Within a
 * slot the events are spread evenly: recorded at one instant, a batch would look like a burst to the
 * limiter's 100 ms meters, and how much each batch held would read as the fleet's rate going up and down.
 */
export class FleetController {
  private readonly limiter: AdaptiveRateLimiter;
  /** The controller's clock, ms on Redis's: the event it is recording, or the end of the last slot read. */
  private virtualNow: number;

  /**
   * @param options - The tuning of the limiters (its clock and sleep are not used).
   * @param seedRate - The fleet's stored rate when this controller takes over, requests/s; 0 for none.
   * @param redisNowMs - Redis's clock when it takes over, ms.
   */
  constructor(options: ResolvedLimiterOptions, seedRate: number, redisNowMs: number) {
    this.virtualNow = redisNowMs - FLEET_FEED_LAG_MS;
    this.limiter = new AdaptiveRateLimiter({ ...options, clock: { now: () => this.virtualNow } });
    // A leader change does not reset what the fleet learned.
    if (seedRate > 0) this.limiter.startAt(seedRate);
  }

  /**
   * Feeds the slots the leader read, in order.
   * @returns The rate to publish, requests/s; 0 while the fleet need not be paced.
   */
  feed(feedback: FleetFeedback): number {
    const latencyMs = feedback.latencyCount > 0 ? feedback.latencySumMs / feedback.latencyCount : undefined;
    for (const slot of feedback.slots) {
      // Left by an earlier leader long ago: fed at once, it would read as a burst.
      if ((slot.slot + 1) * FLEET_SLOT_MS < this.virtualNow - FLEET_STALE_SLOT_MS) continue;
      // A slot sent late (or a clock that went back) is fed at the controller's present.
      const start = Math.max(this.virtualNow, slot.slot * FLEET_SLOT_MS);
      const span = Math.max(0, (slot.slot + 1) * FLEET_SLOT_MS - start);
      const calls = Math.max(0, slot.demand - slot.retries);
      const events = [
        ...spread("call", calls, start, span),
        ...spread("retry", Math.min(slot.retries, slot.demand), start, span),
        ...spread("accepted", slot.accepted, start, span),
        ...spread("throttled", slot.throttled, start, span),
      ].sort((a, b) => a.at - b.at);
      for (const { at, event } of events) {
        this.virtualNow = at;
        if (event === "call" || event === "retry") this.limiter.observeAcquire(event === "retry");
        else this.limiter.onResponse({ throttled: event === "throttled", latencyMs });
      }
      this.virtualNow = start + span;
    }
    this.virtualNow = Math.max(this.virtualNow, feedback.nowMs - FLEET_FEED_LAG_MS);
    return this.limiter.currentRate() ?? 0;
  }
}

/** `count` events evenly over [start, start + span). */
function spread(event: FleetEvent, count: number, start: number, span: number): Array<{ at: number; event: FleetEvent }> {
  const events: Array<{ at: number; event: FleetEvent }> = [];
  for (let i = 0; i < count; i++) events.push({ at: start + (span * (i + 0.5)) / count, event });
  return events;
}
