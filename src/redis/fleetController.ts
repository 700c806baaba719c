import { FLEET_CONTROLLER_GROWTH_SHARE, FLEET_FEED_MAX_LAG_MS, FLEET_SLOT_MS, FLEET_STALE_SLOT_MS } from "../constants";
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
  /** Where the slots read end, ms on Redis's clock: the controller's present after them. */
  readUpToMs: number;
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
 * Its clock is Redis's, a little behind: the processes count in slots and send them with their age, Redis
 * files them by slot, and the controller reads a slot once every active process has sent it (waiting
 * FLEET_FEED_MAX_LAG_MS at most). Within a slot the events are spread evenly: recorded at one instant, a
 * batch would look like a burst to the limiter's 100 ms meters, and how much each batch held would read as
 * the fleet's rate going up and down; a capacity measured on such bursts is a phantom the limiter then
 * returns to for seconds.
 */
export class FleetController {
  private readonly limiter: AdaptiveRateLimiter;
  /** The controller's clock, ms on Redis's: the event it is recording, or the end of the last slot read. */
  private virtualNow: number;

  /**
   * @param options - The tuning of the limiters (its clock and sleep are not used).
   * @param seedRate - The fleet's stored rate when this controller takes over, requests/s; 0 for none.
   * @param readUpToMs - Where the first slots it is fed end, ms on Redis's clock.
   */
  constructor(options: ResolvedLimiterOptions, seedRate: number, readUpToMs: number) {
    this.virtualNow = readUpToMs - FLEET_FEED_MAX_LAG_MS;
    // Tuned for feedback that comes late (see FLEET_CONTROLLER_GROWTH_SHARE): slower growth, no return to a best rate.
    this.limiter = new AdaptiveRateLimiter({
      ...options,
      growth: options.growth * FLEET_CONTROLLER_GROWTH_SHARE,
      bestMemoryMs: 0,
      clock: { now: () => this.virtualNow },
    });
    // A leader change does not reset what the fleet learned.
    if (seedRate > 0) this.limiter.startAt(seedRate);
  }

  /**
   * Feeds the slots the leader read, in order.
   * @returns The rate to publish, requests/s; 0 while the fleet need not be paced.
   */
  feed(feedback: FleetFeedback): number {
    const latencyMs = feedback.latencyCount > 0 ? feedback.latencySumMs / feedback.latencyCount : undefined;
    const from = this.virtualNow;
    const to = Math.max(from, feedback.readUpToMs);
    // Counts of slots the controller has passed (a process that joined, or flushed late): spread over the time
    // this read covers, as fed at one instant they would read as a burst, and a capacity measured on it is a
    // phantom the limiter returns to for seconds.
    const late: FleetSlot = { slot: 0, accepted: 0, throttled: 0, demand: 0, retries: 0 };
    const events: TimedEvent[] = [];
    for (const slot of feedback.slots) {
      const slotStart = slot.slot * FLEET_SLOT_MS;
      const slotEnd = slotStart + FLEET_SLOT_MS;
      // Left by an earlier leader long ago: no news about the quota now.
      if (slotEnd < from - FLEET_STALE_SLOT_MS) continue;
      if (slotStart < from) {
        for (const field of SLOT_COUNTS) late[field] += slot[field];
        continue;
      }
      events.push(...eventsOf(slot, slotStart, slotEnd - slotStart));
    }
    events.push(...eventsOf(late, from, to - from));
    events.sort((a, b) => a.at - b.at);
    for (const { at, event } of events) {
      this.virtualNow = Math.max(this.virtualNow, at);
      if (event === "call" || event === "retry") this.limiter.observeAcquire(event === "retry");
      else this.limiter.onResponse({ throttled: event === "throttled", latencyMs });
    }
    this.virtualNow = Math.max(this.virtualNow, to);
    return this.limiter.currentRate() ?? 0;
  }
}

const SLOT_COUNTS = ["accepted", "throttled", "demand", "retries"] as const;

interface TimedEvent {
  at: number;
  event: FleetEvent;
}

/** The events a slot's counts stand for, evenly over [start, start + span). */
function eventsOf(slot: FleetSlot, start: number, span: number): TimedEvent[] {
  return [
    ...spread("call", Math.max(0, slot.demand - slot.retries), start, span),
    ...spread("retry", Math.min(slot.retries, slot.demand), start, span),
    ...spread("accepted", slot.accepted, start, span),
    ...spread("throttled", slot.throttled, start, span),
  ];
}

/** `count` events evenly over [start, start + span). */
function spread(event: FleetEvent, count: number, start: number, span: number): TimedEvent[] {
  const events: TimedEvent[] = [];
  for (let i = 0; i < count; i++) events.push({ at: start + (span * (i + 0.5)) / count, event });
  return events;
}
