/**
 * Reproduces the simulation tables of src/rateLimiter/DESIGN.md: the throttled scenario on fake time
 * over many seeds, for a given setup.
 *
 *   npx tsx bench/simulateLimiter.ts [SEEDS] [SETUP_JSON]
 *   npx tsx bench/simulateLimiter.ts 100 '{"limiter":{"growth":0.4,"burstMs":50}}'
 *   npx tsx bench/simulateLimiter.ts 30 '{"latencyMs":100,"concurrency":128}'
 */
import type { SimulationSetup } from "../__tests__/rateLimiter/simulation";
import { simulate } from "../__tests__/rateLimiter/simulation";
import { percentile } from "./measure";

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 100);
  const overrides = JSON.parse(process.argv[3] ?? "{}") as Partial<SimulationSetup>;
  const goodputs: number[] = [];
  const p99s: number[] = [];
  let failed = 0;
  let throttled = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const result = await simulate({ capacity: 300, calls: 1500, concurrency: 64, seed, ...overrides });
    goodputs.push((1000 * result.succeeded) / result.durationMs);
    p99s.push(percentile(result.latencies, 99));
    failed += result.failed;
    throttled += result.throttled;
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
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

void main();
