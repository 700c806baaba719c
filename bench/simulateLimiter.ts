/**
 * Reproduces the simulation tables of src/rateLimiter/DESIGN.md, on fake time (no emulator, no HTTP).
 *
 * The bench's throttled scenario over many seeds, for a given setup:
 *
 *   npx tsx bench/simulateLimiter.ts [SEEDS] [SETUP_JSON]
 *   npx tsx bench/simulateLimiter.ts 100 '{"limiter":{"growth":0.4,"burstMs":50}}'
 *   npx tsx bench/simulateLimiter.ts 30 '{"latencyMs":100,"concurrency":128}'
 *
 * The traffic shapes of issue 12 (stray throttles, steady quotas, a quota that drops and recovers or rises,
 * spikes after idle), as markdown tables, over SEEDS seeds (default 5), with scenario options as JSON
 * (`limiter`, `latencyMs`, `pacedThrottlesFree`: 0 counts every attempt, as before the attempt layer let paced
 * throttles wait their turn):
 *
 *   npx tsx bench/simulateLimiter.ts family [SEEDS] [OPTIONS_JSON]
 *   npx tsx bench/simulateLimiter.ts family 5 '{"latencyMs":100}'
 */
import type { QuotaRun, ScenarioOptions, SteppedRun } from "../__tests__/rateLimiter/scenarios";
import { acceptedBetween, openLoopSteps, spikeAfterIdle, steadyQuota, steppedQuota, trickleThenBurst } from "../__tests__/rateLimiter/scenarios";
import type { SimulationSetup } from "../__tests__/rateLimiter/simulation";
import { simulate } from "../__tests__/rateLimiter/simulation";
import { percentile } from "./measure";

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const seedsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function throttledScenario(seeds: number, overrides: Partial<SimulationSetup>): Promise<void> {
  const goodputs: number[] = [];
  const p99s: number[] = [];
  let failed = 0;
  let throttled = 0;
  for (const seed of seedsUpTo(seeds)) {
    const result = await simulate({ capacity: 300, calls: 1500, concurrency: 64, seed, ...overrides });
    goodputs.push((1000 * result.succeeded) / result.durationMs);
    p99s.push(percentile(result.latencies, 99));
    failed += result.failed;
    throttled += result.throttled;
  }
  process.stdout.write(
    `${JSON.stringify({
      seeds,
      goodputMean: Math.round(mean(goodputs) * 10) / 10,
      goodputWorst: Math.round(Math.min(...goodputs) * 10) / 10,
      failedCalls: failed,
      throttlesPerRun: Math.round((throttled / seeds) * 10) / 10,
      p99MeanMs: Math.round(mean(p99s)),
    })}\n`,
  );
}

function table(title: string, header: string[], rows: string[][]): void {
  process.stdout.write(`\n${title}\n\n| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(" | ")} |\n`);
}

async function family(seeds: number, options: ScenarioOptions): Promise<void> {
  const all = seedsUpTo(seeds);
  process.stdout.write(`Seeds 1-${seeds}, options ${JSON.stringify(options)}; worst over seeds unless said.\n`);

  const strayRows: string[][] = [];
  for (const throttles of [1, 2, 3, 5]) {
    const runs = [];
    for (const seed of all) runs.push(await trickleThenBurst({ ...options, seed, throttles }));
    strayRows.push([
      String(throttles),
      `${Math.max(...runs.map((r) => r.finishMs)).toFixed(0)} ms`,
      `${Math.max(...runs.map((r) => r.unpacedFinishMs)).toFixed(0)} ms`,
      runs.some((r) => r.rateAtBurst !== undefined) ? "yes" : "no",
    ]);
  }
  table("Stray throttles: a trickle (5 calls/s) meets N 429s, then 300 healthy calls at once (32 in flight)", ["429s", "burst finishes in", "unpaced", "pacing at the burst"], strayRows);

  const steadyRows: string[][] = [];
  for (const capacity of [20, 50, 150, 300, 1000]) {
    for (const callers of [8, 32, 128, 256]) {
      const sdk: QuotaRun[] = [];
      const free: QuotaRun[] = [];
      for (const seed of all) {
        sdk.push(await steadyQuota({ ...options, seed, capacity, callers, pacedThrottlesFree: 0 }));
        free.push(await steadyQuota({ ...options, seed, capacity, callers }));
      }
      const later = (run: QuotaRun) => run.result.throttleTimes.filter((t) => t >= 2000).length / acceptedBetween(run.result, 2000, 10_000);
      steadyRows.push([
        `${capacity}`,
        `${callers}`,
        pct(Math.min(...free.map((r) => r.success)), 2),
        pct(Math.min(...sdk.map((r) => r.success)), 2),
        pct(Math.min(...free.map((r) => r.goodputShare))),
        pct(mean(free.map((r) => r.throttledShare))),
        pct(mean(free.map(later)), 2),
      ]);
    }
  }
  table(
    "Steady quotas (bucket 0.1 s), closed-loop callers for 10 s",
    ["quota /s", "callers", "success", "success, every attempt counted", "goodput / capacity", "429 share", "429s per accepted after 2 s"],
    steadyRows,
  );

  const stepRows: string[][] = [];
  for (const callers of [64, 128]) {
    const runs: SteppedRun[] = [];
    for (const seed of all) {
      runs.push(
        await steppedQuota({
          ...options,
          seed,
          callers,
          steps: [
            [0, 300],
            [4000, 100],
            [8000, 300],
          ],
          untilMs: 12_000,
        }),
      );
    }
    const follow = (i: number) => `${Math.max(...runs.map((r) => r.followMs[i] ?? Infinity))} ms`;
    stepRows.push([
      `${callers}`,
      pct(Math.min(...runs.map((r) => r.success)), 2),
      pct(Math.min(...runs.map((r) => r.goodputShare))),
      follow(0),
      follow(1),
      pct(mean(runs.map((r) => r.throttledShare))),
    ]);
  }
  table("A quota of 300/s dropping to 100/s at 4 s and back at 8 s, 12 s", ["callers", "success", "goodput / optimum", "follows the drop in", "follows the recovery in", "429 share"], stepRows);

  const riseRuns: SteppedRun[] = [];
  for (const seed of all) {
    riseRuns.push(
      await steppedQuota({
        ...options,
        seed,
        steps: [
          [0, 100],
          [4000, 300],
        ],
        untilMs: 12_000,
        burst: 30,
      }),
    );
  }
  table(
    "A quota rising from 100/s to 300/s at 4 s (bucket 30), 64 callers, 12 s",
    ["success", "goodput / optimum", "follows the rise in (worst)", "mean"],
    [
      [
        pct(Math.min(...riseRuns.map((r) => r.success)), 2),
        pct(Math.min(...riseRuns.map((r) => r.goodputShare))),
        `${Math.max(...riseRuns.map((r) => r.followMs[0] ?? Infinity))} ms`,
        `${mean(riseRuns.map((r) => r.followMs[0] ?? Infinity)).toFixed(0)} ms`,
      ],
    ],
  );

  const openRows: string[][] = [];
  for (const [name, steps, durationMs] of [
    [
      "300 → 100 → 300/s",
      [
        [0, 300],
        [2000, 100],
        [4000, 300],
      ],
      6000,
    ],
    [
      "100 → 300/s",
      [
        [0, 100],
        [2000, 300],
      ],
      4000,
    ],
  ] as const) {
    for (const limiter of [options.limiter ?? {}, false] as const) {
      const runs = [];
      for (const seed of all) runs.push(await openLoopSteps({ ...options, seed, limiter, steps, demandPerSecond: 360, durationMs }));
      openRows.push([
        name,
        limiter === false ? "unpaced" : "limiter",
        pct(Math.min(...runs.map((r) => r.success)), 2),
        pct(Math.min(...runs.map((r) => r.goodputShare))),
        pct(mean(runs.map((r) => r.throttledShare))),
      ]);
    }
  }
  table(
    "Open-loop demand of 360 calls/s over a moving quota, 2 s a step (the bench family's quota-drop and quota-rise); calls unfinished 5 s after the last arrival fail",
    ["quota", "stack", "success", "goodput / ideal client's", "429 share"],
    openRows,
  );

  const spikeRows: string[][] = [];
  for (const idleMs of [1000, 5000]) {
    const runs = [];
    for (const seed of all) runs.push(await spikeAfterIdle({ ...options, seed, idleMs }));
    spikeRows.push([
      `${idleMs} ms`,
      pct(Math.min(...runs.map((r) => r.success)), 2),
      pct(Math.min(...runs.map((r) => r.unpacedSuccess)), 2),
      `${(Math.max(...runs.map((r) => r.finishMs)) / 1000).toFixed(2)} s`,
      `${(Math.max(...runs.map((r) => r.unpacedFinishMs)) / 1000).toFixed(2)} s`,
      pct(mean(runs.map((r) => r.throttledShare))),
      pct(mean(runs.map((r) => r.unpacedThrottledShare))),
    ]);
  }
  table(
    "Quota 300/s: demand 600/s for 2 s, idle, then 3,000/s for 0.5 s (256 in flight)",
    ["idle", "success", "unpaced", "spike finishes in", "unpaced", "429 share", "unpaced"],
    spikeRows,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === "family") {
    await family(Number(process.argv[3] ?? 5), JSON.parse(process.argv[4] ?? "{}") as ScenarioOptions);
    return;
  }
  await throttledScenario(Number(process.argv[2] ?? 100), JSON.parse(process.argv[3] ?? "{}") as Partial<SimulationSetup>);
}

void main();
