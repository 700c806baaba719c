/** Measurement helpers shared by the scenarios: percentiles, CPU time, calls at a given concurrency. */

/** Nearest-rank percentile (p in [0, 100]) of `values`; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The median of `values`; NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Percentile bootstrap interval of `statistic` over `values`: `resamples` samples drawn with replacement,
 * and the statistic's (1 − level)/2 and (1 + level)/2 percentiles over them. `random` (in [0, 1)) makes
 * it repeatable. [NaN, NaN] for an empty list.
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  random: () => number,
  level = 0.95,
  resamples = 1000,
): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  const estimates: number[] = [];
  const sample = new Array<number>(values.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)];
    estimates.push(statistic(sample));
  }
  return [percentile(estimates, (100 * (1 - level)) / 2), percentile(estimates, (100 * (1 + level)) / 2)];
}

/** Rounds to `digits` decimals, keeping NaN as null so that it survives JSON. */
export function round(value: number, digits = 1): number | null {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** CPU time (user + system) of the process while `work` runs, in µs. Wall time spent idle is not counted. */
export async function cpuMicros(work: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const spent = process.cpuUsage(before);
  return spent.user + spent.system;
}

/** How one call ended. */
export interface CallOutcome {
  ok: boolean;
  /** From the call's start to its end, ms. */
  ms: number;
  /** `$metadata.attempts` of the output or the error, when the SDK set it. */
  attempts?: number;
  /** The error's name, when the call failed. */
  errorName?: string;
}

/** The outcomes of a batch of calls and how long the batch took. */
export interface CallBatch {
  outcomes: CallOutcome[];
  wallMs: number;
}

interface WithMetadata {
  $metadata?: { attempts?: number };
  name?: string;
}

/**
 * Runs `total` calls of `call`, at most `concurrency` at a time, and records how each ended. A failed
 * call is an outcome, not an error of the batch.
 */
export async function runCalls(
  total: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
  now: () => number = () => performance.now(),
): Promise<CallBatch> {
  const outcomes: CallOutcome[] = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const startedAt = now();
      try {
        const output = (await call(index)) as WithMetadata | undefined;
        outcomes[index] = { ok: true, ms: now() - startedAt, attempts: output?.$metadata?.attempts };
      } catch (error) {
        const failure = error as WithMetadata;
        outcomes[index] = { ok: false, ms: now() - startedAt, attempts: failure?.$metadata?.attempts, errorName: failure?.name };
      }
    }
  };
  const startedAt = now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker));
  return { outcomes, wallMs: now() - startedAt };
}

/** Success share, latency percentiles and goodput of a batch. */
export interface BatchSummary {
  calls: number;
  succeeded: number;
  successPct: number;
  /** Latency of successful calls, ms (of all calls when none succeeded). */
  p50Ms: number;
  p99Ms: number;
  /** Latency of failed calls, ms: the time it took to fail. */
  failP50Ms: number;
  /** Successful calls per second of wall time. */
  goodput: number;
  wallMs: number;
}

/** Summarizes a batch. */
export function summarize(batch: CallBatch): BatchSummary {
  const ok = batch.outcomes.filter((o) => o.ok);
  const failed = batch.outcomes.filter((o) => !o.ok);
  const latencies = (ok.length > 0 ? ok : batch.outcomes).map((o) => o.ms);
  return {
    calls: batch.outcomes.length,
    succeeded: ok.length,
    successPct: batch.outcomes.length === 0 ? NaN : (100 * ok.length) / batch.outcomes.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failP50Ms: percentile(failed.map((o) => o.ms), 50),
    goodput: batch.wallMs > 0 ? (1000 * ok.length) / batch.wallMs : NaN,
    wallMs: batch.wallMs,
  };
}

/** Scales a full-run count down for `--quick` (never below `min`). */
export function scaled(count: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(count * scale));
}
