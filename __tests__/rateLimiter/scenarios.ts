/**
 * The traffic shapes of issue 12 on fake time (see simulation.ts), each measured against the same run without
 * a limiter where that is the yardstick. Shared by convergence.test.ts and bench/simulateLimiter.ts, which
 * prints them over many seeds for DESIGN.md.
 */
import type { AdaptiveRateLimiterOptions } from "../../src/options";
import type { SimulationResult, SimulationSetup } from "./simulation";
import { simulate } from "./simulation";

/** Options every scenario takes: the limiter's, or false for none, and anything else of the setup. */
export interface ScenarioOptions {
  seed?: number;
  limiter?: AdaptiveRateLimiterOptions | false;
  latencyMs?: number;
  /** See {@link SimulationSetup.pacedThrottlesFree}. */
  pacedThrottlesFree?: number;
}

function setupOf(options: ScenarioOptions): Partial<SimulationSetup> {
  return { seed: options.seed ?? 1, limiter: options.limiter ?? {}, latencyMs: options.latencyMs, pacedThrottlesFree: options.pacedThrottlesFree };
}

/** Accepted requests in [fromMs, toMs) from the bins of a run. */
export function acceptedBetween(result: SimulationResult, fromMs: number, toMs: number, binMs = 100): number {
  let total = 0;
  for (let bin = Math.floor(fromMs / binMs); bin < Math.ceil(toMs / binMs) && bin < result.acceptedPerBin.length; bin++) total += result.acceptedPerBin[bin];
  return total;
}

/** The first trace time in [fromMs, ∞) where `holds(rate)`; undefined if never. */
export function firstTime(result: SimulationResult, fromMs: number, holds: (rate: number | undefined) => boolean): number | undefined {
  return result.trace.find(([t, rate]) => t >= fromMs && holds(rate))?.[0];
}

export interface TrickleThenBurst {
  /** Time from the burst's arrival to its last call's end, ms, with the limiter and without. */
  finishMs: number;
  unpacedFinishMs: number;
  /** The limiter's rate when the burst arrived (undefined: not pacing). */
  rateAtBurst: number | undefined;
  failed: number;
}

/**
 * A trickle (one call every 200 ms for 5 s) meets `throttles` stray 429s from 2 s on (the service has room: its
 * quota is 10,000/s), then `burst` healthy calls arrive at once, at most 32 in flight.
 */
export async function trickleThenBurst(options: ScenarioOptions & { throttles?: number; burst?: number } = {}): Promise<TrickleThenBurst> {
  const throttles = options.throttles ?? 1;
  const burstAt = 5000;
  const arrivals = [...Array.from({ length: 25 }, (_, i) => i * 200), ...Array<number>(options.burst ?? 300).fill(burstAt)];
  let stray = 0;
  const setup = (limiter: ScenarioOptions["limiter"]): SimulationSetup => ({
    ...setupOf({ ...options, limiter }),
    capacity: 10_000,
    calls: arrivals.length,
    concurrency: 32,
    arrivals,
    strayThrottle: (now) => now >= 2000 && stray++ < throttles,
    traceEveryMs: 50,
  });
  const paced = await simulate(setup(options.limiter ?? {}));
  stray = 0;
  const unpaced = await simulate(setup(false));
  const finish = (result: SimulationResult) => Math.max(...result.endedAt.slice(25)) - burstAt;
  return {
    finishMs: finish(paced),
    unpacedFinishMs: finish(unpaced),
    rateAtBurst: paced.trace.find(([t]) => t >= burstAt)?.[1],
    failed: paced.failed,
  };
}

export interface QuotaRun {
  /** Share of calls that succeeded. */
  success: number;
  /** Accepted requests/s over the measured span. */
  goodput: number;
  /** Goodput as a share of what the quota allowed over the span. */
  goodputShare: number;
  /** Throttled share of all requests. */
  throttledShare: number;
  /** p99 of successful calls, ms. */
  p99Ms: number;
  result: SimulationResult;
}

function quotaRun(result: SimulationResult, fromMs: number, toMs: number, optimum: number): QuotaRun {
  const accepted = acceptedBetween(result, fromMs, toMs);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    success: result.succeeded / (result.succeeded + result.failed),
    goodput: (accepted * 1000) / (toMs - fromMs),
    goodputShare: accepted / optimum,
    throttledShare: result.throttled / result.requests,
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0,
    result,
  };
}

/**
 * A steady quota of `capacity` requests/s (bucket 0.1 s), `callers` closed-loop workers sending for `seconds`
 * (default 10). Goodput is measured over the whole span against capacity × span.
 */
export async function steadyQuota(options: ScenarioOptions & { capacity: number; callers: number; seconds?: number }): Promise<QuotaRun> {
  const untilMs = (options.seconds ?? 10) * 1000;
  const result = await simulate({ ...setupOf(options), capacity: options.capacity, calls: Infinity, concurrency: options.callers, untilMs });
  return quotaRun(result, 0, untilMs, (options.capacity * untilMs) / 1000);
}

export interface SteppedRun extends QuotaRun {
  /** Per step: ms from the step until the limiter follows (its rate within 15% above a lower capacity, or at 90% of a higher one). */
  followMs: Array<number | undefined>;
}

/**
 * A quota stepping through `steps` ([from ms, requests/s], the first from 0), `callers` closed-loop workers until
 * `untilMs`. Goodput against the quota's integral over the span (the optimum with demand above it throughout).
 */
export async function steppedQuota(
  options: ScenarioOptions & { steps: ReadonlyArray<readonly [number, number]>; untilMs: number; callers?: number; burst?: number },
): Promise<SteppedRun> {
  const { steps, untilMs } = options;
  const capacityAt = (t: number) => {
    let rate = steps[0][1];
    for (const [from, r] of steps) if (t >= from) rate = r;
    return rate;
  };
  const result = await simulate({
    ...setupOf(options),
    capacity: capacityAt,
    burst: options.burst,
    calls: Infinity,
    concurrency: options.callers ?? 64,
    untilMs,
    traceEveryMs: 20,
  });
  let optimum = 0;
  for (let t = 0; t < untilMs; t += 10) optimum += capacityAt(t) / 100;
  const followMs = steps.slice(1).map(([from, rate], i) => {
    const lower = rate < steps[i][1];
    const at = firstTime(result, from, (r) => r !== undefined && (lower ? r <= 1.15 * rate : r >= 0.9 * rate));
    return at === undefined ? undefined : at - from;
  });
  return { ...quotaRun(result, 0, untilMs, optimum), followMs };
}

export interface SpikeRun {
  /** Share of the spike's calls that succeeded, with the limiter and without. */
  success: number;
  unpacedSuccess: number;
  /** Time from the spike's start to its last call's end, ms, with the limiter and without. */
  finishMs: number;
  unpacedFinishMs: number;
  throttledShare: number;
  unpacedThrottledShare: number;
}

/**
 * A quota of `capacity` (default 300/s): open-loop demand of twice the quota for 2 s (the limiter engages), idle
 * for `idleMs` (default 5 s), then a spike of 10× the quota for 0.5 s, at most 256 calls in flight.
 */
export async function spikeAfterIdle(options: ScenarioOptions & { capacity?: number; idleMs?: number } = {}): Promise<SpikeRun> {
  const capacity = options.capacity ?? 300;
  const spikeAt = 2000 + (options.idleMs ?? 5000);
  const arrivals: number[] = [];
  for (let t = 0; t < 2000; t += 1000 / (2 * capacity)) arrivals.push(t);
  const firstSpikeCall = arrivals.length;
  for (let t = spikeAt; t < spikeAt + 500; t += 1000 / (10 * capacity)) arrivals.push(t);
  const run = (limiter: ScenarioOptions["limiter"]) =>
    simulate({ ...setupOf({ ...options, limiter }), capacity, calls: arrivals.length, concurrency: 256, arrivals });
  const [paced, unpaced] = [await run(options.limiter ?? {}), await run(false)];
  const spike = (result: SimulationResult) => {
    const ended = result.endedAt.slice(firstSpikeCall);
    return Math.max(...ended) - spikeAt;
  };
  const spikeSuccess = (result: SimulationResult) => {
    const ok = result.ok.slice(firstSpikeCall);
    return ok.filter(Boolean).length / ok.length;
  };
  return {
    success: spikeSuccess(paced),
    unpacedSuccess: spikeSuccess(unpaced),
    finishMs: spike(paced),
    unpacedFinishMs: spike(unpaced),
    throttledShare: paced.throttled / paced.requests,
    unpacedThrottledShare: unpaced.throttled / unpaced.requests,
  };
}

export interface OpenLoopStepsRun {
  /** Share of calls that succeeded by the cap (the last arrival + `capMs`); unfinished ones count as failed. */
  success: number;
  /** Successful calls per second, from the start to the last call's end (or the cap). */
  goodput: number;
  /** Goodput as a share of an ideal client's: every call sent on arrival, accepted whenever the quota has room. */
  goodputShare: number;
  throttledShare: number;
  result: SimulationResult;
}

/**
 * A quota stepping through `steps` ([from ms, requests/s]; its bucket, a tenth of a second, refilled at each
 * step as the emulator's is), and open-loop demand of `demandPerSecond` for `durationMs`, evenly spaced (the
 * bench family's quota-drop and quota-rise cells). Calls still unfinished `capMs` (default 5 s) after the
 * last arrival count as failed.
 */
export async function openLoopSteps(
  options: ScenarioOptions & { steps: ReadonlyArray<readonly [number, number]>; demandPerSecond: number; durationMs: number; capMs?: number },
): Promise<OpenLoopStepsRun> {
  const { steps, demandPerSecond, durationMs } = options;
  const capacityAt = (t: number) => {
    let rate = steps[0][1];
    for (const [from, r] of steps) if (t >= from) rate = r;
    return rate;
  };
  const arrivals: number[] = [];
  for (let t = 0; t < durationMs; t += 1000 / demandPerSecond) arrivals.push(t);
  const capAt = arrivals[arrivals.length - 1] + (options.capMs ?? 5000);
  const result = await simulate({
    ...setupOf({ latencyMs: 15, ...options }),
    capacity: capacityAt,
    burstAt: (t) => Math.max(1, Math.ceil(capacityAt(t) / 10)),
    calls: arrivals.length,
    concurrency: Infinity,
    arrivals,
    traceEveryMs: 20,
  });
  const ended = result.endedAt.map((at, i) => (result.ok[i] && at <= capAt ? at : undefined));
  const succeeded = ended.filter((at) => at !== undefined).length;
  const finish = Math.min(capAt, Math.max(...result.endedAt));
  // The ideal client: every call sent on arrival or as soon as the quota has a token; the time its last call ends.
  let tokens = Math.ceil(capacityAt(0) / 10);
  let depth = tokens;
  let waiting = 0;
  let next = 0;
  let idealFinish = 0;
  for (let t = 0; next < arrivals.length || waiting > 0; t += 1) {
    const stepDepth = Math.max(1, Math.ceil(capacityAt(t) / 10));
    if (stepDepth !== depth) tokens = depth = stepDepth;
    tokens = Math.min(depth, tokens + capacityAt(t) / 1000);
    while (next < arrivals.length && arrivals[next] <= t) {
      waiting++;
      next++;
    }
    const sent = Math.min(waiting, Math.floor(tokens));
    waiting -= sent;
    tokens -= sent;
    if (sent > 0) idealFinish = t + (options.latencyMs ?? 15);
  }
  const ideal = arrivals.length / idealFinish;
  return {
    success: succeeded / arrivals.length,
    goodput: (succeeded * 1000) / finish,
    goodputShare: (succeeded * 1000) / finish / (ideal * 1000),
    throttledShare: result.throttled / result.requests,
    result,
  };
}
