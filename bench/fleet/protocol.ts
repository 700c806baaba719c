/**
 * What the fleet bench's parent and its worker processes say to each other over IPC: the plan a worker
 * runs and what it reports back. One file so that both sides agree on the shapes.
 */

/**
 * The stacks a fleet compares. `sdk-standard`: the SDK's standard mode, for reference. `independent`:
 * `createResilience()` as shipped, each process learning the quota alone. `store`: the same with the Redis
 * store, the fleet sharing one learned rate.
 */
export const FLEET_VARIANTS = ["sdk-standard", "independent", "store"] as const;
export type FleetVariant = (typeof FLEET_VARIANTS)[number];

/** Column labels of the stacks. */
export const FLEET_VARIANT_LABELS: Readonly<Record<FleetVariant, string>> = {
  "sdk-standard": "SDK standard",
  independent: "independent limiters",
  store: "Redis store",
};

/** The two Redis clients the store accepts. */
export type RedisClientKind = "node-redis" | "ioredis";

/** Where a `store` worker's Redis is and how it talks to it. */
export interface WorkerRedis {
  url: string;
  client: RedisClientKind;
  /** Key prefix: one per fleet run, so that runs share no learned state. */
  prefix: string;
  /** The store's deadline per Redis call, ms; the store's default when unset. */
  timeoutMs?: number;
}

/** What one worker process runs. */
export interface WorkerPlan {
  /** The emulator's endpoint (loopback HTTP). */
  endpoint: string;
  variant: FleetVariant;
  /** Required for the `store` variant. */
  redis?: WorkerRedis;
  /** This worker's open-loop arrivals, calls/s (Poisson). */
  ratePerSecond: number;
  /** Arrivals run from `go` for this long, ms. */
  durationMs: number;
  /** Seeds the arrivals and the library's jitter; each worker gets its own. */
  seed: number;
  /** Calls still running this long after the last arrival are abandoned and count as unfinished, ms. */
  graceMs: number;
  /** Calls that start in [fromMs, toMs) of the worker's clock are the ones summarized. */
  window: { fromMs: number; toMs: number };
  /** Calls sent before reporting ready, to open keep-alive sockets; 0 for a process that joins cold. */
  warmUpCalls: number;
  /** How often to sample the snapshot's `pacing.sharing`, ms; 0: never. */
  sampleSharingEveryMs: number;
  /** `deadlineMs` of the worker's resilience instance (default: none, as shipped). */
  deadlineMs?: number;
}

/** One sample of how the worker's quota is paced: the snapshot's `sharing` values, if any. */
export interface SharingSample {
  atMs: number;
  /** Distinct `pacing.sharing` values over the snapshot's routes and operations, sorted. */
  sharing: string[];
}

/** What a worker measured. */
export interface WorkerResult {
  /** Calls in its schedule. */
  calls: number;
  /** Of the calls that started in the window: how many, how many succeeded, failed, were unfinished. */
  window: { calls: number; succeeded: number; failed: number; unfinished: number };
  /** Latency of the window's successful calls, ms, from each call's start. */
  latenciesMs: number[];
  /** Failed calls of the whole run by `name` (and HTTP status, when the call got one), e.g. "TooManyRequestsException 429". */
  failures: Record<string, number>;
  /** Calls still running at the cap, whole run. */
  unfinished: number;
  /** HTTP requests sent, whole run, and how many were answered 429. */
  requests: number;
  throttled: number;
  /** Requests sent in the worker's first second of traffic, and how many were answered 429. */
  firstSecond: { requests: number; throttled: number };
  /** Warnings the store wrote to its logger (it warns when it starts pacing locally). */
  warnings: number;
  /** Messages the store wrote to its logger's `info` (it says so when sharing resumes). */
  resumes: number;
  /** The snapshot's sharing over time, when sampled, and at the end. */
  sharingSamples: SharingSample[];
  /** How late the driver started calls, p99 ms: above ~50 ms the machine fell behind the schedule. */
  driverLagP99Ms: number;
}

/** Parent → worker. */
export type ToWorker = { type: "plan"; plan: WorkerPlan } | { type: "go" };

/** Worker → parent. */
export type FromWorker = { type: "ready" } | { type: "done"; result: WorkerResult } | { type: "failed"; message: string };
