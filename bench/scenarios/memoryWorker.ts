/**
 * Runs in a worker thread (its own V8 heap): a long run of in-memory calls of one variant, with the
 * heap measured after forced garbage collection before and after.
 */
import { parentPort, workerData } from "node:worker_threads";
import { forceGc } from "../gc";
import { inMemoryHandler } from "../inMemoryHandler";
import type { VariantId } from "../variants";
import { createBenchClient } from "../variants";

/** What the worker is asked to do. */
export interface MemoryJob {
  variant: VariantId;
  calls: number;
  warmup: number;
  concurrency: number;
  faultRate: number;
  seed: number;
}

/** What it reports. */
export interface MemoryReport {
  heapBeforeBytes: number;
  heapAfterBytes: number;
  succeeded: number;
  requests: number;
  wallMs: number;
}

async function settledHeap(): Promise<number> {
  // Let timers and promises of finished calls drain, then collect twice (weak refs, finalizers).
  await new Promise((resolve) => setTimeout(resolve, 50));
  forceGc();
  await new Promise((resolve) => setImmediate(resolve));
  forceGc();
  return process.memoryUsage().heapUsed;
}

/** Sends `calls` calls at `concurrency`, counting successes only (no per-call record, to keep the heap flat). */
async function drive(send: () => Promise<unknown>, calls: number, concurrency: number): Promise<number> {
  let next = 0;
  let succeeded = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      try {
        await send();
        succeeded++;
      } catch {
        // a call that failed after its retries: counted by the difference
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return succeeded;
}

async function main(job: MemoryJob): Promise<MemoryReport> {
  const handler = inMemoryHandler(job.faultRate, job.seed);
  const client = createBenchClient(job.variant, "Pinpoint", { requestHandler: handler }, job.seed);
  await drive(() => client.send(), job.warmup, job.concurrency);
  const heapBeforeBytes = await settledHeap();
  const requestsBefore = handler.requests;
  const startedAt = performance.now();
  const succeeded = await drive(() => client.send(), job.calls, job.concurrency);
  const wallMs = performance.now() - startedAt;
  const heapAfterBytes = await settledHeap();
  client.destroy();
  return { heapBeforeBytes, heapAfterBytes, succeeded, requests: handler.requests - requestsBefore, wallMs };
}

void main(workerData as MemoryJob).then(
  (report) => parentPort?.postMessage(report),
  (error: unknown) => {
    throw error;
  },
);
