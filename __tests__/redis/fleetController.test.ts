/**
 * The leader's controller on its own (no Redis): the fleet's slots fed in time order engage it near the
 * quota they show, a seed keeps what an earlier leader learned, and slots left long ago are dropped.
 */
import { FLEET_SLOT_MS } from "../../src/constants";
import { resolveLimiterOptions } from "../../src/rateLimiter";
import type { FleetSlot } from "../../src/redis/fleetController";
import { FleetController } from "../../src/redis/fleetController";

const options = resolveLimiterOptions({});

/** Slots from `fromMs` to `toMs` (Redis's clock) of a fleet sending `perSecond`, `accepted` of them per second accepted. */
function slots(fromMs: number, toMs: number, perSecond: number, accepted: number): FleetSlot[] {
  const out: FleetSlot[] = [];
  for (let t = fromMs; t < toMs; t += FLEET_SLOT_MS) {
    const sent = (perSecond * FLEET_SLOT_MS) / 1000;
    const ok = (accepted * FLEET_SLOT_MS) / 1000;
    out.push({ slot: t / FLEET_SLOT_MS, accepted: ok, throttled: sent - ok, demand: sent, retries: 0 });
  }
  return out;
}

/** Feeds the controller every 100 ms as a leader reads, from `fromMs` to `toMs`. */
function lead(controller: FleetController, fromMs: number, toMs: number, perSecond: number, accepted: number): number {
  let rate = 0;
  for (let now = fromMs + 100; now <= toMs; now += 100) {
    // Every process has sent its counts up to 100 ms ago.
    const readUpToMs = now - 100;
    rate = controller.feed({ readUpToMs, latencySumMs: 0, latencyCount: 0, slots: slots(Math.max(fromMs, readUpToMs - 100), readUpToMs, perSecond, accepted) });
  }
  return rate;
}

describe("FleetController", () => {
  test("a fleet sending 600/s to a quota of 300/s: pacing engages near 300/s", () => {
    const start = 1_000_000;
    const controller = new FleetController(options, 0, start);
    const rate = lead(controller, start, start + 1500, 600, 300);
    expect(rate).toBeGreaterThan(200);
    expect(rate).toBeLessThan(400);
  });

  test("a fleet well within its quota is not paced: 0 is published", () => {
    const start = 1_000_000;
    const controller = new FleetController(options, 0, start);
    expect(lead(controller, start, start + 1500, 100, 100)).toBe(0);
  });

  test("a new leader starts at the stored rate", () => {
    const start = 1_000_000;
    const controller = new FleetController(options, 250, start);
    expect(controller.feed({ readUpToMs: start + 100, latencySumMs: 0, latencyCount: 0, slots: [] })).toBeCloseTo(250, 5);
  });

  test("slots left long ago by an earlier leader are dropped, not fed as a burst", () => {
    const start = 1_000_000;
    const controller = new FleetController(options, 0, start);
    // 3 s of throttles, 10 s old.
    const stale = slots(start - 10_000, start - 7_000, 1000, 10);
    expect(controller.feed({ readUpToMs: start + 100, latencySumMs: 0, latencyCount: 0, slots: stale })).toBe(0);
  });
});
