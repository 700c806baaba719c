/** What a scenario is given, what it returns, and the run of one variant against the emulator. */
import type { Emulator, FaultRules } from "../src/testing";
import type { BatchSummary } from "./measure";
import { runCalls, summarize } from "./measure";
import type { BenchService, VariantId } from "./variants";
import { createBenchClient } from "./variants";

/** Everything a scenario needs. */
export interface ScenarioContext {
  /** The variants to compare, in table order. */
  variants: readonly VariantId[];
  seed: number;
  /** `--quick`: the scenario's smaller counts. */
  quick: boolean;
  /** Multiplies every count (tests run tiny benches with it). Default 1. */
  scale: number;
  /** The shared emulator, over real HTTP on loopback. */
  emulator: Emulator;
  /** Progress lines (stderr). */
  log(line: string): void;
}

/** A metric row of the table. */
export interface MetricSpec {
  key: string;
  label: string;
  /** Decimals shown in the table. Default 1. */
  digits?: number;
  /** Also show the ratio to the baseline variant (for times and rates: machines are noisy, ratios less so). */
  ratio?: boolean;
}

/** Per variant, per metric key; null when a value is undefined (e.g. a percentile of nothing). */
export type VariantResults = Partial<Record<VariantId, Record<string, number | null>>>;

/** What a scenario reports. */
export interface ScenarioResult {
  /** The counts and settings it ran with. */
  params: Record<string, number | string>;
  metrics: MetricSpec[];
  results: VariantResults;
}

/** One benchmark scenario (one file under bench/scenarios/). */
export interface Scenario {
  /** Used by `--scenarios`, and as the key in the JSON. */
  name: string;
  /** Shown in the table. */
  title: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

/** A count for this run: the full or quick count, times `scale`, at least `min`. */
export function countFor(context: Pick<ScenarioContext, "quick" | "scale">, full: number, quick: number, min = 1): number {
  return Math.max(min, Math.round((context.quick ? quick : full) * context.scale));
}

/** What one variant did against the emulator. */
export interface EmulatorRun {
  summary: BatchSummary;
  /** HTTP requests the emulator received. */
  requests: number;
  /** Requests answered 429. */
  throttled: number;
}

/** Runs `calls` calls at `concurrency` of one variant against the emulator with `faults`, from fresh counters. */
export async function runOnEmulator(
  context: ScenarioContext,
  variant: VariantId,
  setup: { service: BenchService; faults: FaultRules; calls: number; concurrency: number },
): Promise<EmulatorRun> {
  const { emulator } = context;
  const client = createBenchClient(variant, setup.service, { endpoint: emulator.endpoint }, context.seed);
  try {
    // Open the keep-alive sockets before the clock starts, without touching the fault rules' state.
    emulator.setFaults({});
    await runCalls(setup.concurrency, setup.concurrency, () => client.send());
    emulator.setFaults(setup.faults);
    emulator.resetStats();
    const batch = await runCalls(setup.calls, setup.concurrency, () => client.send());
    const stats = emulator.stats();
    const throttled = Object.values(stats.byOperation).reduce((sum, op) => sum + (op.byStatus["429"] ?? 0), 0);
    return { summary: summarize(batch), requests: stats.requests, throttled };
  } finally {
    client.destroy();
  }
}

/** Runs `run` for each variant in order, logging progress, and collects the results. */
export async function forEachVariant(
  context: ScenarioContext,
  scenario: string,
  run: (variant: VariantId) => Promise<Record<string, number | null>>,
): Promise<VariantResults> {
  const results: VariantResults = {};
  for (const variant of context.variants) {
    const startedAt = performance.now();
    results[variant] = await run(variant);
    context.log(`${scenario}: ${variant} done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  }
  return results;
}
