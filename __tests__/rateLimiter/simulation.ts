/**
 * A discrete-event simulation on fake time: callers send through an {@link AdaptiveRateLimiter} to a service
 * that throttles with a token bucket, like the emulator's `capacity` rule, and retry throttled attempts with
 * the SDK's full-jitter backoff (from the strategy's shorter base while the limiter paces, as the library does).
 * Closed loop (`concurrency` workers take the calls one after another) or open loop (`arrivals`: each call
 * starts on its own schedule, at most `concurrency` at a time).
 */
import { MAX_PACED_THROTTLE_RETRIES, PACED_THROTTLING_BASE_MS } from "../../src/constants";
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

/**
 * A service quota: a token bucket of `burst` requests refilled at `ratePerSecond(t)`. With `burst` a function of
 * time, the bucket is refilled to its new depth whenever that changes (as the emulator does when its rules do).
 */
export class SimulatedQuota {
  private tokens: number;
  private updatedAt = 0;
  private depth: number;

  constructor(
    private readonly ratePerSecond: (nowMs: number) => number,
    private readonly burst: number | ((nowMs: number) => number),
  ) {
    this.depth = typeof burst === "number" ? burst : burst(0);
    this.tokens = this.depth;
  }

  /** True if the request at `now` is accepted. */
  admit(now: number): boolean {
    if (typeof this.burst !== "number" && this.burst(now) !== this.depth) {
      this.depth = this.burst(now);
      this.tokens = this.depth;
      this.updatedAt = now;
    }
    this.tokens = Math.min(this.depth, this.tokens + ((now - this.updatedAt) * this.ratePerSecond(now)) / 1000);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface SimulationSetup {
  /** Service capacity in requests/s, constant or as a function of time (ms). */
  capacity: number | ((nowMs: number) => number);
  /** Server bucket depth. Default capacity at time 0 / 10 (the emulator's default). */
  burst?: number;
  /** Server bucket depth as a function of time, refilled whenever it changes (overrides `burst`). */
  burstAt?: (nowMs: number) => number;
  /** Calls to make (closed loop), unless `arrivals` or `untilMs` say otherwise. */
  calls: number;
  /** Closed loop: workers, each sending its calls one after another. Open loop: calls in flight at most. */
  concurrency: number;
  /** Open loop: when each call arrives, ms (calls and untilMs are then ignored). */
  arrivals?: readonly number[];
  /** Closed loop: workers start no call from this time on, ms (calls is then only a ceiling). */
  untilMs?: number;
  /** Round trip of one request, ms. Default 2. */
  latencyMs?: number;
  maxAttempts?: number;
  /** Base of the full-jitter backoff after a throttle, ms. Default 1000 (the SDK's). */
  throttlingBaseMs?: number;
  seed?: number;
  /** Limiter options; `false` runs without a limiter. */
  limiter?: AdaptiveRateLimiterOptions | false;
  /** Backoff base after a throttle while the limiter paces, ms. Default the strategy's: min(throttlingBaseMs, PACED_THROTTLING_BASE_MS). */
  pacedThrottlingBaseMs?: number;
  /**
   * Callers wait their turn instead of burning attempts: a throttled attempt that the limiter paced does not count
   * towards maxAttempts, up to this many per call, and its retry goes back to the limiter's queue at once (no
   * backoff). Default the library's, MAX_PACED_THROTTLE_RETRIES; 0: every attempt counts.
   */
  pacedThrottlesFree?: number;
  /** The service throttles a request sent at this time whatever its quota (a stray throttle). */
  strayThrottle?: (nowMs: number) => boolean;
  /** Report each response's latency to the limiter. Default true. */
  reportLatency?: boolean;
  /** Sample the limiter's rate every this many ms. Default 100. */
  traceEveryMs?: number;
  /** Width of the accepted-requests bins, ms. Default 100. */
  binMs?: number;
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
  /** Accepted requests per `binMs` bin. */
  acceptedPerBin: number[];
  /** When each throttled response arrived, ms. */
  throttleTimes: number[];
  /** When each call ended (success or failure), ms, by call index. */
  endedAt: number[];
  /** Whether each call succeeded, by call index. */
  ok: boolean[];
  /** Time callers spent waiting for the limiter, ms, over all attempts. */
  limiterWaitMs: number;
}

/** Runs the calls against the simulated quota, on fake time. */
export async function simulate(setup: SimulationSetup): Promise<SimulationResult> {
  const time = new FakeTime();
  const capacity = setup.capacity;
  const rateOf = typeof capacity === "number" ? () => capacity : capacity;
  const quota = new SimulatedQuota(rateOf, setup.burstAt ?? setup.burst ?? Math.max(1, Math.ceil(rateOf(0) / 10)));
  const random = createSeededRandom(setup.seed ?? 1);
  const limiter = setup.limiter === false ? undefined : new AdaptiveRateLimiter({ ...setup.limiter, clock: time.clock, sleep: time.sleep });
  const latencyMs = setup.latencyMs ?? 2;
  const maxAttempts = setup.maxAttempts ?? 3;
  const throttlingBaseMs = setup.throttlingBaseMs ?? 1000;
  const pacedBaseMs = setup.pacedThrottlingBaseMs ?? Math.min(throttlingBaseMs, PACED_THROTTLING_BASE_MS);
  const binMs = setup.binMs ?? 100;
  const result: SimulationResult = {
    succeeded: 0,
    failed: 0,
    requests: 0,
    throttled: 0,
    durationMs: 0,
    latencies: [],
    trace: [],
    acceptedPerSecond: [],
    acceptedPerBin: [],
    throttleTimes: [],
    endedAt: [],
    ok: [],
    limiterWaitMs: 0,
  };
  let done = false;

  async function call(index: number): Promise<void> {
    const startedAt = time.now;
    let free = 0;
    for (let attempt = 1; ; attempt++) {
      const pacedAtSend = limiter?.currentRate() !== undefined;
      const wait = limiter?.acquire(undefined, attempt > 1 || free > 0);
      if (wait) {
        const waitFrom = time.now;
        await wait;
        result.limiterWaitMs += time.now - waitFrom;
      }
      result.requests++;
      const accepted = !setup.strayThrottle?.(time.now) && quota.admit(time.now);
      await time.sleep(latencyMs);
      limiter?.onResponse({ throttled: !accepted, latencyMs: setup.reportLatency === false ? undefined : latencyMs });
      if (accepted) {
        const second = Math.floor(time.now / 1000);
        result.acceptedPerSecond[second] = (result.acceptedPerSecond[second] ?? 0) + 1;
        const bin = Math.floor(time.now / binMs);
        result.acceptedPerBin[bin] = (result.acceptedPerBin[bin] ?? 0) + 1;
        result.succeeded++;
        result.latencies.push(time.now - startedAt);
        result.endedAt[index] = time.now;
        result.ok[index] = true;
        return;
      }
      result.throttled++;
      result.throttleTimes.push(time.now);
      if (pacedAtSend && free < (setup.pacedThrottlesFree ?? MAX_PACED_THROTTLE_RETRIES)) {
        free++;
        attempt--;
        continue;
      }
      if (attempt >= maxAttempts) {
        result.failed++;
        result.endedAt[index] = time.now;
        result.ok[index] = false;
        return;
      }
      // The strategy decides after the response: the shorter base if the limiter paces by then.
      const baseMs = limiter?.currentRate() !== undefined ? pacedBaseMs : throttlingBaseMs;
      await time.sleep(random() * Math.min(20_000, baseMs * 2 ** (attempt - 1)));
    }
  }

  let nextCall = 0;
  async function worker(): Promise<void> {
    while (nextCall < setup.calls && (setup.untilMs === undefined || time.now < setup.untilMs)) {
      await call(nextCall++);
    }
  }

  /** Open loop: each call waits for its arrival, then for one of `concurrency` slots (FIFO). */
  async function openLoop(arrivals: readonly number[]): Promise<void> {
    let inFlight = 0;
    const queued: Array<() => void> = [];
    const run = async (index: number) => {
      await time.sleep(arrivals[index]);
      if (inFlight >= setup.concurrency) await new Promise<void>((resolve) => queued.push(resolve));
      inFlight++;
      await call(index);
      inFlight--;
      queued.shift()?.();
    };
    await Promise.all(arrivals.map((_, index) => run(index)));
  }

  async function tracer(): Promise<void> {
    while (!done) {
      result.trace.push([time.now, limiter?.currentRate()]);
      await time.sleep(setup.traceEveryMs ?? 100);
    }
  }

  const calls = setup.arrivals ? openLoop(setup.arrivals) : Promise.all(Array.from({ length: setup.concurrency }, worker));
  const finished = calls.then(() => {
    done = true;
    result.durationMs = time.now;
  });
  void tracer();
  await time.run();
  await finished;
  for (let i = 0; i < result.acceptedPerSecond.length; i++) result.acceptedPerSecond[i] ??= 0;
  for (let i = 0; i < result.acceptedPerBin.length; i++) result.acceptedPerBin[i] ??= 0;
  return result;
}
