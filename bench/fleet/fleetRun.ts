/**
 * One fleet run: P worker processes started together on one emulator, each with its share of the
 * arrivals, optionally one more process that joins the warm fleet later, and actions at fixed times
 * from the start (reading the emulator's counters, stopping Redis). Shared by the bench and the tests.
 */
import type { RedisClientKind, WorkerPlan, WorkerResult } from "./protocol";
import type { FleetWorker } from "./workers";
import { startWorker } from "./workers";

/** What a fleet run does. */
export interface FleetPlan {
  endpoint: string;
  variant: WorkerPlan["variant"];
  processes: number;
  /** Arrivals of the whole fleet, calls/s, split evenly over its processes. */
  totalRatePerSecond: number;
  /** Arrivals run for this long from the start, ms. */
  durationMs: number;
  /** Calls starting in this window are summarized (latency, failures), ms from the start. */
  window: { fromMs: number; toMs: number };
  graceMs: number;
  seed: number;
  /** For the store: its Redis, the client kind of each process (cycled), and the run's key prefix. */
  redis?: { url: string; clients: readonly RedisClientKind[]; prefix: string; timeoutMs?: number };
  /** One more process, started cold (no warm-up call) at `atMs`, sending a process's share for `durationMs`. */
  joiner?: { atMs: number; durationMs: number };
  /** Warm-up calls per process before the start (sockets, JIT). */
  warmUpCalls: number;
  sampleSharingEveryMs?: number;
  deadlineMs?: number;
  /** Called at `atMs` from the start; the run waits for them before it returns. */
  actions?: ReadonlyArray<{ atMs: number; run(): unknown }>;
}

/** What the fleet's processes measured. */
export interface FleetOutcome {
  workers: WorkerResult[];
  joiner?: WorkerResult;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The plan of process `index` (the joiner is index `processes`). */
function workerPlan(plan: FleetPlan, index: number, joining: boolean): WorkerPlan {
  const { redis } = plan;
  return {
    endpoint: plan.endpoint,
    variant: plan.variant,
    ...(plan.variant === "store" && redis
      ? { redis: { url: redis.url, client: redis.clients[index % redis.clients.length], prefix: redis.prefix, timeoutMs: redis.timeoutMs } }
      : {}),
    ratePerSecond: plan.totalRatePerSecond / plan.processes,
    durationMs: joining && plan.joiner ? plan.joiner.durationMs : plan.durationMs,
    // Distinct seeds: the processes' Poisson arrivals are independent, so the fleet's are Poisson too.
    seed: plan.seed * 1000 + index,
    graceMs: plan.graceMs,
    // IPC carries JSON, where Infinity would arrive as null.
    window: joining ? { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER } : plan.window,
    warmUpCalls: joining ? 0 : plan.warmUpCalls,
    sampleSharingEveryMs: plan.sampleSharingEveryMs ?? 0,
    ...(plan.deadlineMs ? { deadlineMs: plan.deadlineMs } : {}),
  };
}

/** Runs the fleet: every process ready, then all started at once; resolves when all have reported. */
export async function runFleet(plan: FleetPlan): Promise<FleetOutcome> {
  if (plan.variant === "store" && !plan.redis) throw new Error("the store variant needs plan.redis");
  const workers: FleetWorker[] = Array.from({ length: plan.processes }, (_, i) => startWorker(workerPlan(plan, i, false)));
  const joiner = plan.joiner ? startWorker(workerPlan(plan, plan.processes, true)) : undefined;
  const all = joiner ? [...workers, joiner] : workers;
  try {
    await Promise.all(all.map((worker) => worker.ready));
    const startedAt = performance.now();
    workers.forEach((worker) => worker.go());
    const at = (ms: number) => sleep(startedAt + ms - performance.now());
    const actions = (plan.actions ?? []).map(async (action) => {
      await at(action.atMs);
      await action.run();
    });
    const joined = joiner && plan.joiner ? at(plan.joiner.atMs).then(() => joiner.go()) : Promise.resolve();
    const [results, joinerResult] = await Promise.all([Promise.all(workers.map((worker) => worker.result)), joiner?.result, joined, ...actions]);
    return { workers: results, ...(joinerResult ? { joiner: joinerResult } : {}) };
  } finally {
    await Promise.all(all.map((worker) => worker.close()));
  }
}
