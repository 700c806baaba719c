/**
 * Open-loop arrival schedules: when each call of a cell starts, fixed in advance and whatever the earlier
 * calls are doing. A closed loop of workers hides a breaker's harm (a refused call frees its worker at
 * once and the next call comes sooner); real traffic keeps arriving.
 */
import { createSeededRandom } from "../../src/testing";

/** A stretch of the schedule: calls arrive at `ratePerSecond` (0: idle), or `burst` calls at its start. */
export interface Segment {
  durationMs: number;
  /** Calls per second over the segment. Default 0. */
  ratePerSecond?: number;
  /** Calls that all start at the segment's first instant, on top of the rate. */
  burst?: number;
}

/** How calls arrive within a segment. */
export interface ScheduleSpec {
  segments: readonly Segment[];
  /**
   * `"poisson"`: exponential gaps, seeded. `"fixed"`: each of `callers` callers sends at rate / callers,
   * evenly spaced, from its own seeded phase (the superposition of Poisson callers is Poisson, so callers
   * only shape the fixed process).
   */
  process: "poisson" | "fixed";
  /** Independent callers of the fixed process. Default 1. */
  callers?: number;
  seed: number;
}

/** The most calls one schedule may hold: every cell's run is bounded. */
export const MAX_SCHEDULED_CALLS = 20_000;

/** Start of each segment, ms from the schedule's start, and the schedule's end as the last element. */
export function segmentBounds(segments: readonly Segment[]): number[] {
  const bounds = [0];
  for (const segment of segments) bounds.push(bounds[bounds.length - 1] + segment.durationMs);
  return bounds;
}

/**
 * The start times of a schedule's calls, ms from its start, ascending. The same spec gives the same
 * times. Throws when the schedule holds more than {@link MAX_SCHEDULED_CALLS} calls.
 */
export function arrivalTimes(spec: ScheduleSpec): number[] {
  const random = createSeededRandom(spec.seed);
  const callers = Math.max(1, Math.floor(spec.callers ?? 1));
  // One phase per caller, drawn once: a caller keeps its place in every segment.
  const phases = spec.process === "fixed" ? Array.from({ length: callers }, () => random()) : [];
  const bounds = segmentBounds(spec.segments);
  const times: number[] = [];
  const push = (at: number) => {
    if (times.length >= MAX_SCHEDULED_CALLS) throw new Error(`a schedule holds at most ${MAX_SCHEDULED_CALLS} calls`);
    times.push(at);
  };
  spec.segments.forEach((segment, index) => {
    const [from, to] = [bounds[index], bounds[index + 1]];
    for (let i = 0; i < (segment.burst ?? 0); i++) push(from);
    const rate = segment.ratePerSecond ?? 0;
    if (rate <= 0) return;
    if (spec.process === "poisson") {
      // Memoryless: restarting the gaps at each segment's start keeps the process Poisson.
      for (let at = from - (1000 / rate) * Math.log(1 - random()); at < to; at -= (1000 / rate) * Math.log(1 - random())) push(at);
      return;
    }
    const period = (1000 * callers) / rate;
    for (const phase of phases) {
      for (let at = from + phase * period; at < to; at += period) push(at);
    }
  });
  return times.sort((a, b) => a - b);
}
