/**
 * A discrete-event simulation of the breaker on fake time, for the unit tests and docs/breaker.md.
 *
 * Open-loop arrivals (calls start on a schedule, whatever happened to earlier calls, as real traffic
 * does: a refused call does not make the next one come sooner). Each call goes through the library's
 * decisions in the order the plugin takes them: the {@link CircuitBreaker} admits it or not; each
 * attempt takes `latencyMs` and fails with the scenario's per-attempt probability at the time it is
 * sent; a failure is retried up to `maxAttempts` with full-jitter backoff (`baseMs · 2^i`), unless the
 * breaker is open or the {@link RetryBudget} cannot pay for it; a success refunds what the call drew,
 * or 1 token. Defaults are the library's. Faults are paired: a call's draws depend on the seed and its
 * index only, so the run without a breaker meets the same faults on the same calls.
 *
 * `npx tsx __tests__/breaker/simulation.ts` prints the tables of docs/breaker.md.
 */
import { CircuitBreaker } from "../../src/breaker/CircuitBreaker";
import type { CircuitBreakerPolicy } from "../../src/breaker/CircuitBreaker";
import {
  BUDGET_SUCCESS_REFUND,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_BUDGET_CAPACITY,
  DEFAULT_BUDGET_RETRY_COST,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
} from "../../src/constants";
import { resolveOptions } from "../../src/options";
import { RetryBudget } from "../../src/retryBudget";
import { SlidingWindow } from "../../src/breaker/SlidingWindow";
import { createSeededRandom } from "../../src/testing";
import type { CircuitState } from "../../src";

/** The library's default breaker policy. */
export const DEFAULT_POLICY = resolveOptions({}).circuitBreaker as CircuitBreakerPolicy;

export interface Scenario {
  /** Calls started per second (Poisson arrivals). */
  callsPerSecond: number;
  durationMs: number;
  /** Probability that an attempt sent at `t` (ms) fails. */
  failureAt: (t: number) => number;
  /** The breaker's policy; `false`: no breaker (the baseline). Default {@link DEFAULT_POLICY}. */
  breaker?: CircuitBreakerPolicy | false;
  seed?: number;
  /** Every attempt's latency, ms. Default 20. */
  latencyMs?: number;
  maxAttempts?: number;
}

export type CallOutcome = "success" | "failure" | "refused";

export interface SimulatedCall {
  startedAt: number;
  endedAt: number;
  outcome: CallOutcome;
  /** Requests sent for it. */
  attempts: number;
}

export interface Transition {
  at: number;
  from: CircuitState;
  to: CircuitState;
}

export interface SimulationResult {
  calls: SimulatedCall[];
  transitions: Transition[];
}

interface Event {
  at: number;
  seq: number;
  run: () => void;
}

/** A binary min-heap of events by time, FIFO on ties. */
class EventQueue {
  private readonly heap: Event[] = [];
  private seq = 0;

  push(at: number, run: () => void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): Event | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && before(heap[l], heap[smallest])) smallest = l;
        if (r < heap.length && before(heap[r], heap[smallest])) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}

const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Runs one scenario. */
export function simulate(scenario: Scenario): SimulationResult {
  const { callsPerSecond, durationMs, failureAt, seed = 1, latencyMs = 20, maxAttempts = DEFAULT_MAX_ATTEMPTS } = scenario;
  const policy = scenario.breaker ?? DEFAULT_POLICY;
  const transitions: Transition[] = [];
  const queue = new EventQueue();
  let now = 0;
  const breaker = policy === false ? undefined : new CircuitBreaker(policy, (from, to) => transitions.push({ at: now, from, to }));
  const budget = new RetryBudget(DEFAULT_BUDGET_CAPACITY);
  const calls: SimulatedCall[] = [];

  const arrivals = createSeededRandom(seed);
  let index = 0;
  for (let t = -Math.log(1 - arrivals()) * (1000 / callsPerSecond); t < durationMs; t += -Math.log(1 - arrivals()) * (1000 / callsPerSecond)) {
    const callIndex = index++;
    queue.push(t, () => startCall(t, callIndex));
  }

  function startCall(startedAt: number, callIndex: number): void {
    // The call's own draws: one for its fault and one for its jitter per attempt, the same in every run.
    const draws = createSeededRandom((seed * 1_000_003 + callIndex * 7_919) >>> 0);
    const call: SimulatedCall = { startedAt, endedAt: startedAt, outcome: "refused", attempts: 0 };
    calls.push(call);
    const admission = breaker?.tryAcquire(now) ?? { admitted: true as const, probe: undefined };
    if (!admission.admitted) return;
    let drawn = 0;
    const end = (outcome: CallOutcome) => {
      call.outcome = outcome;
      call.endedAt = now;
      if (admission.probe !== undefined) breaker?.releaseProbe(admission.probe);
    };
    const attempt = () => {
      call.attempts++;
      const failed = draws() < failureAt(now);
      const jitter = draws();
      queue.push(now + latencyMs, () => {
        breaker?.record(now, failed ? "failure" : "success");
        if (!failed) {
          budget.refund(drawn || BUDGET_SUCCESS_REFUND);
          return end("success");
        }
        if (call.attempts >= maxAttempts || breaker?.isOpen(now) === true || !budget.tryWithdraw(DEFAULT_BUDGET_RETRY_COST)) return end("failure");
        drawn += DEFAULT_BUDGET_RETRY_COST;
        // t_i = random · min(maxMs, baseMs · 2^i), i = 0 for the first retry.
        const delayMs = jitter * Math.min(DEFAULT_MAX_DELAY_MS, DEFAULT_BASE_DELAY_MS * 2 ** (call.attempts - 1));
        queue.push(now + delayMs, attempt);
      });
    };
    attempt();
  }

  for (let event = queue.pop(); event !== undefined; event = queue.pop()) {
    now = event.at;
    event.run();
  }
  return { calls, transitions };
}

/** A constant per-attempt failure rate. */
export const constantFailure =
  (rate: number): Scenario["failureAt"] =>
  () =>
    rate;

/** Dead (every attempt fails) from `fromMs` to `toMs`, `background` failure otherwise. */
export const outage =
  (fromMs: number, toMs: number, background = 0): Scenario["failureAt"] =>
  (t) =>
    t >= fromMs && t < toMs ? 1 : background;

export interface Summary {
  calls: number;
  /** Share of calls that succeeded. */
  success: number;
  /** Requests sent per call. */
  requestsPerCall: number;
  refused: number;
}

/** Success and requests of the calls started in [fromMs, toMs). */
export function summarize(result: SimulationResult, fromMs = 0, toMs = Infinity): Summary {
  const calls = result.calls.filter((c) => c.startedAt >= fromMs && c.startedAt < toMs);
  const count = (outcome: CallOutcome) => calls.filter((c) => c.outcome === outcome).length;
  return {
    calls: calls.length,
    success: count("success") / calls.length,
    requestsPerCall: calls.reduce((sum, c) => sum + c.attempts, 0) / calls.length,
    refused: count("refused"),
  };
}

/** When the breaker first entered `to` at or after `fromMs`; undefined if it never did. */
export function firstTransition(result: SimulationResult, to: CircuitState, fromMs = 0): number | undefined {
  return result.transitions.find((t) => t.to === to && t.at >= fromMs)?.at;
}

/** When the first call that succeeded at or after `fromMs` ended. */
export function firstSuccess(result: SimulationResult, fromMs: number): number | undefined {
  return result.calls.filter((c) => c.outcome === "success" && c.endedAt >= fromMs).reduce<number | undefined>((first, c) => (first === undefined || c.endedAt < first ? c.endedAt : first), undefined);
}

/**
 * Candidate rules for "dead", fed one attempt outcome at a time at a steady rate: a run of failures
 * (this breaker's), a count window with a tolerance (the newest `n` attempts, at most `k` successes),
 * and a time window (`ratio` of at least `minimum` attempts over `windowMs`, Hystrix's shape).
 */
export type Rule =
  | { kind: "run"; failures: number }
  | { kind: "count"; n: number; k: number }
  | { kind: "time"; windowMs: number; ratio: number; minimum: number };

/** When (ms) `rule` first says "dead" for a stream at `attemptsPerSecond` failing with `failureAt(t)`; undefined if never. */
export function firstTrip(rule: Rule, attemptsPerSecond: number, durationMs: number, failureAt: Scenario["failureAt"], seed: number): number | undefined {
  const random = createSeededRandom(seed);
  const window = rule.kind === "time" ? new SlidingWindow(rule.windowMs) : undefined;
  const newest: boolean[] = [];
  let run = 0;
  let successes = 0;
  for (let t = 0; t < durationMs; t += 1000 / attemptsPerSecond) {
    const failed = random() < failureAt(t);
    if (rule.kind === "run") {
      run = failed ? run + 1 : 0;
      if (run >= rule.failures) return t;
    } else if (rule.kind === "count") {
      newest.push(failed);
      if (!failed) successes++;
      if (newest.length > rule.n && !newest.shift()) successes--;
      if (newest.length === rule.n && successes <= rule.k) return t;
    } else if (window) {
      window.record(t, failed);
      const { total, failures } = window.counts(t);
      if (total >= rule.minimum && failures / total >= rule.ratio) return t;
    }
  }
  return undefined;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function median(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const seconds = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`);

/** The tables of docs/breaker.md. */
function printFigures(): void {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

  console.log("\nRules for dead, one attempt stream at 50 attempts/s; runs of 20 that trip within 600 s at a steady failure rate; median time to trip after the service dies at t = 60 s (5% failures before):");
  console.log("| rule | 80% | 85% | 90% | dies: time to trip |");
  console.log("|---|---|---|---|---|");
  const rules: Array<[string, Rule]> = [
    ["50 failures in a row", { kind: "run", failures: 50 }],
    ["60 failures in a row", { kind: "run", failures: 60 }],
    ["75 failures in a row", { kind: "run", failures: 75 }],
    ["≤ 2 successes in the newest 50", { kind: "count", n: 50, k: 2 }],
    ["≤ 5 successes in the newest 100", { kind: "count", n: 100, k: 5 }],
    ["≥ 95% of ≥ 50 over 10 s", { kind: "time", windowMs: 10_000, ratio: 0.95, minimum: 50 }],
    ["≥ 95% of ≥ 50 over 2 s", { kind: "time", windowMs: 2_000, ratio: 0.95, minimum: 50 }],
    ["Hystrix: ≥ 50% of ≥ 20 over 10 s", { kind: "time", windowMs: 10_000, ratio: 0.5, minimum: 20 }],
  ];
  const runs = Array.from({ length: 20 }, (_, i) => i + 1);
  for (const [name, rule] of rules) {
    const trips = (rate: number) => runs.filter((seed) => firstTrip(rule, 50, 600_000, constantFailure(rate), seed) !== undefined).length;
    const dies = median(runs.map((seed) => (firstTrip(rule, 50, 120_000, (t) => (t < 60_000 ? 0.05 : 1), seed) ?? Infinity) - 60_000));
    console.log(`| ${name} | ${trips(0.8)}/20 | ${trips(0.85)}/20 | ${trips(0.9)}/20 | ${seconds(dies)} |`);
  }

  for (const callsPerSecond of [50, 5]) {
    const durationMs = 600_000;
    console.log(`\n${callsPerSecond} calls/s, ${durationMs / 1000} s, seeds ${seeds.join(",")}: means over the seeds`);
    console.log("| failure | success, breaker | success, no breaker | requests/call, breaker | requests/call, no breaker | runs that opened | time to open (median) |");
    console.log("|---|---|---|---|---|---|---|");
    for (const rate of [0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.85, 0.9, 0.95, 1]) {
      const withBreaker = seeds.map((seed) => simulate({ callsPerSecond, durationMs, failureAt: constantFailure(rate), seed }));
      const without = seeds.map((seed) => simulate({ callsPerSecond, durationMs, failureAt: constantFailure(rate), seed, breaker: false }));
      const mean = (results: SimulationResult[], f: (s: Summary) => number) => results.reduce((sum, r) => sum + f(summarize(r)), 0) / results.length;
      const opens = withBreaker.map((r) => firstTransition(r, "open")).filter((t): t is number => t !== undefined);
      console.log(
        `| ${rate * 100}% | ${percent(mean(withBreaker, (s) => s.success))} | ${percent(mean(without, (s) => s.success))} | ` +
          `${mean(withBreaker, (s) => s.requestsPerCall).toFixed(3)} | ${mean(without, (s) => s.requestsPerCall).toFixed(3)} | ${opens.length}/${seeds.length} | ${seconds(median(opens))} |`,
      );
    }
  }

  for (const [callsPerSecond, background] of [
    [50, 0],
    [50, 0.05],
    [5, 0.05],
  ]) {
    console.log(`\nDead from 10 s to 40 s, ${background * 100}% failures otherwise, ${callsPerSecond} calls/s, 60 s:`);
    console.log("| seed | opened after | first success after healing | closed after healing | success of calls after healing, breaker / none | requests/call while dead (from 12 s), breaker / none |");
    console.log("|---|---|---|---|---|---|");
    for (const seed of seeds) {
      const failureAt = outage(10_000, 40_000, background);
      const result = simulate({ callsPerSecond, durationMs: 60_000, failureAt, seed });
      const baseline = simulate({ callsPerSecond, durationMs: 60_000, failureAt, seed, breaker: false });
      const since = (t: number | undefined, from: number) => (t === undefined ? undefined : t - from);
      console.log(
        `| ${seed} | ${seconds(since(firstTransition(result, "open", 10_000), 10_000))} | ${seconds(since(firstSuccess(result, 40_000), 40_000))} | ` +
          `${seconds(since(firstTransition(result, "closed", 40_000), 40_000))} | ` +
          `${percent(summarize(result, 40_000).success)} / ${percent(summarize(baseline, 40_000).success)} | ` +
          `${summarize(result, 12_000, 40_000).requestsPerCall.toFixed(3)} / ${summarize(baseline, 12_000, 40_000).requestsPerCall.toFixed(3)} |`,
      );
    }
  }
}

if (require.main === module) printFigures();
