/**
 * Memory: heap growth over a long run of in-memory calls with 10% InternalServerErrorException faults.
 * Each variant runs in its own worker thread (its own V8 heap, same process), measured after forced
 * garbage collection. All workers run at once: the run is CPU-bound (about 200 µs per call through the SDK
 * stack), so this is as fast as any schedule on two cores. SDK adaptive is left out: its heap is the SDK's
 * concern, and 1,000,000 calls more would cost four minutes.
 */
import { Worker } from "node:worker_threads";
import { round } from "../measure";
import type { Scenario, VariantResults } from "../scenario";
import { countFor } from "../scenario";
import type { VariantId } from "../variants";
import type { MemoryJob, MemoryReport } from "./memoryWorker";

const WORKER_FILE = require.resolve("./memoryWorker");

/** 1000000 → "1M", 20000 → "20k". */
function shortCount(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

function runWorker(job: MemoryJob): Promise<MemoryReport> {
  // The worker loads TypeScript through tsx's CommonJS hook, as the bench itself does.
  const source = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(WORKER_FILE)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: job });
    worker.once("message", (report: MemoryReport) => resolve(report));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`memory worker for ${job.variant} exited with code ${code}`));
    });
  });
}

export const memory: Scenario = {
  name: "memory",
  title: "Memory (in-memory handler, 10% 500s)",
  async run(context) {
    const calls = countFor(context, 1_000_000, 20_000, 100);
    const warmup = countFor(context, 20_000, 2_000, 100);
    const concurrency = 128;
    const faultRate = 0.1;
    const variants = context.variants.filter((variant) => variant !== "sdk-adaptive");
    const results: VariantResults = {};
    const startedAt = performance.now();
    await Promise.all(
      variants.map(async (variant: VariantId) => {
        const report = await runWorker({ variant, calls, warmup, concurrency, faultRate, seed: context.seed });
        context.log(`memory: ${variant} done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
        results[variant] = {
          heapGrowthKB: round((report.heapAfterBytes - report.heapBeforeBytes) / 1024, 0),
          heapAfterMB: round(report.heapAfterBytes / 2 ** 20, 1),
          successPct: round((100 * report.succeeded) / calls, 3),
          requestsPerCall: round(report.requests / calls, 3),
        };
      }),
    );
    return {
      params: { calls, warmup, concurrency, faultRate, variants: variants.join(",") },
      metrics: [
        { key: "heapGrowthKB", label: `heap growth KB, ${shortCount(calls)} calls`, digits: 0 },
        { key: "heapAfterMB", label: "heap after MB" },
        { key: "successPct", label: "success %", digits: 3 },
        { key: "requestsPerCall", label: "requests per call", digits: 3 },
      ],
      results,
    };
  },
};
