/**
 * A discrete-event simulation on fake time: callers at fixed concurrency send through an
 * {@link AdaptiveRateLimiter} to a service that throttles with a token bucket, like the emulator's
 * `capacity` rule, and retry throttled attempts with the SDK's full-jitter backoff.
 */
import type { AdaptiveRateLimiterOptions } from "../../src/options";
import { AdaptiveRateLimiter } from "../../src/rateLimiter";
import { createSeededRandom } from "../../src/testing";

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Fake time: `sleep` resolves when `run` advances the clock past it, in time order (FIFO on ties). */
export class FakeTime {
  now = 0;
  private readonly timers: Timer[] = [];
  private seq = 0;

  readonly clock = { now: () => this.now };

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** Fires timers in order until none are left (or `untilMs` is reached), letting promises settle between them. */
  async run(untilMs = Infinity): Promise<void> {
    for (;;) {
      await settle();
      if (this.timers.length === 0) return;
      let next = 0;
      for (let i = 1; i < this.timers.length; i++) {
        const a = this.timers[i];
        const b = this.timers[next];
        if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) next = i;
      }
      const timer = this.timers[next];
      if (timer.at > untilMs) return;
      this.timers.splice(next, 1);
      this.now = Math.max(this.now, timer.at);
      timer.resolve();
    }
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A service quota: a token bucket of `burst` requests refilled at `ratePerSecond(t)`. */
export class SimulatedQuota {
  private tokens: number;
  private updatedAt = 0;

  constructor(
    private readonly ratePerSecond: (nowMs: number) => number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** True if the request at `now` is accepted. */
  admit(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.ratePerSecond(now)) / 1000);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface SimulationSetup {
  /** Service capacity in requests/s, constant or as a function of time (ms). */
  capacity: number | ((nowMs: number) => number);
  /** Server bucket depth. Default capacity / 10 (the emulator's default). */
  burst?: number;
  calls: number;
  concurrency: number;
  /** Round trip of one request, ms. Default 2. */
  latencyMs?: number;
  maxAttempts?: number;
  /** Base of the full-jitter backoff after a throttle, ms. Default 1000 (the SDK's). */
  throttlingBaseMs?: number;
  seed?: number;
  /** Limiter options; `false` runs without a limiter. */
  limiter?: AdaptiveRateLimiterOptions | false;
  /** Backoff base after a throttle of an attempt sent while the limiter was pacing, ms. Default: throttlingBaseMs. */
  pacedThrottlingBaseMs?: number;
  /** Report each response's latency to the limiter. Default true. */
  reportLatency?: boolean;
  /** Sample the limiter's rate every this many ms. Default 100. */
  traceEveryMs?: number;
}

export interface SimulationResult {
  succeeded: number;
  failed: number;
  requests: number;
  throttled: number;
  durationMs: number;
  /** Per successful call, ms, in completion order. */
  latencies: number[];
  /** [time ms, limiter rate or undefined] samples. */
  trace: Array<[number, number | undefined]>;
  /** Accepted requests per 1 s bucket. */
  acceptedPerSecond: number[];
  /** When each throttled response arrived, ms. */
  throttleTimes: number[];
}

/** Runs `calls` calls at `concurrency` to the simulated quota, on fake time. */
export async function simulate(setup: SimulationSetup): Promise<SimulationResult> {
  const time = new FakeTime();
  const capacity = setup.capacity;
  const rateOf = typeof capacity === "number" ? () => capacity : capacity;
  const quota = new SimulatedQuota(rateOf, setup.burst ?? Math.max(1, Math.ceil(rateOf(0) / 10)));
  const random = createSeededRandom(setup.seed ?? 1);
  const limiter = setup.limiter === false ? undefined : new AdaptiveRateLimiter({ ...setup.limiter, clock: time.clock, sleep: time.sleep });
  const latencyMs = setup.latencyMs ?? 2;
  const maxAttempts = setup.maxAttempts ?? 3;
  const throttlingBaseMs = setup.throttlingBaseMs ?? 1000;
  const result: SimulationResult = { succeeded: 0, failed: 0, requests: 0, throttled: 0, durationMs: 0, latencies: [], trace: [], acceptedPerSecond: [], throttleTimes: [] };
  let nextCall = 0;
  let done = false;

  async function call(): Promise<void> {
    const startedAt = time.now;
    for (let attempt = 1; ; attempt++) {
      const pacedAtSend = limiter?.currentRate() !== undefined;
      const wait = limiter?.acquire();
      if (wait) await wait;
      result.requests++;
      const accepted = quota.admit(time.now);
      await time.sleep(latencyMs);
      limiter?.onResponse({ throttled: !accepted, latencyMs: setup.reportLatency === false ? undefined : latencyMs });
      if (accepted) {
        const second = Math.floor(time.now / 1000);
        result.acceptedPerSecond[second] = (result.acceptedPerSecond[second] ?? 0) + 1;
        result.succeeded++;
        result.latencies.push(time.now - startedAt);
        return;
      }
      result.throttled++;
      result.throttleTimes.push(time.now);
      if (attempt >= maxAttempts) {
        result.failed++;
        return;
      }
      const baseMs = pacedAtSend && setup.pacedThrottlingBaseMs !== undefined ? setup.pacedThrottlingBaseMs : throttlingBaseMs;
      await time.sleep(random() * Math.min(20_000, baseMs * 2 ** (attempt - 1)));
    }
  }

  async function worker(): Promise<void> {
    while (nextCall < setup.calls) {
      nextCall++;
      await call();
    }
  }

  async function tracer(): Promise<void> {
    while (!done) {
      result.trace.push([time.now, limiter?.currentRate()]);
      await time.sleep(setup.traceEveryMs ?? 100);
    }
  }

  const workers = Promise.all(Array.from({ length: setup.concurrency }, worker)).then(() => {
    done = true;
    result.durationMs = time.now;
  });
  void tracer();
  await time.run();
  await workers;
  for (let i = 0; i < result.acceptedPerSecond.length; i++) result.acceptedPerSecond[i] ??= 0;
  return result;
}
