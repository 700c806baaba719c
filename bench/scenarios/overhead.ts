/**
 * Overhead: CPU per successful call through the whole client stack, as a ratio to SDK standard, in three
 * settings, each its own block of rows:
 *
 * 1. In memory: an in-memory requestHandler (no network), the stack's cost alone.
 * 2. In memory with `cacheMiddleware: true` on every client, SDK standard included: the SDK's own option
 *    that resolves a command's handler once per client instead of on every send.
 * 3. Over loopback HTTP to the emulator, which runs in a child process so that the figure is the client's
 *    CPU alone (serialization, signing, the HTTP client and sockets included); fewer, shorter rounds.
 *
 * Variants are measured in interleaved rounds, so that drift (JIT, GC, thermal) hits them alike; each
 * figure is the median over rounds, each ratio the median of per-round ratios, with a seeded bootstrap
 * interval. (A forced GC before each round was tried: it doubles every variant's figure, as the heap must
 * regrow and code is re-optimized, so it is not done.)
 */
import { startEmulatorProcess } from "../emulatorProcess";
import { inMemoryHandler } from "../inMemoryHandler";
import type { CpuComparison, InterleavedPlan } from "../interleaved";
import { compareCpuPerCall } from "../interleaved";
import type { MetricSpec, Scenario } from "../scenario";
import { countFor } from "../scenario";
import type { BenchClient, SharedClientOptions, Target, VariantId } from "../variants";
import { createBenchClient } from "../variants";

/** The rows of one setting: metric keys are the setting's prefix + the comparison's field. */
function rowsOf(prefix: string, title: string, withSpread: boolean): MetricSpec[] {
  const key = (field: string) => (prefix ? `${prefix}${field[0].toUpperCase()}${field.slice(1)}` : field);
  return [
    { key: key("cpuMicrosPerCall"), label: title },
    { key: key("ratioToBaseline"), label: "  × SDK standard, per round", digits: 2 },
    { key: key("ratioLow"), label: "  95% interval, low", digits: 2 },
    { key: key("ratioHigh"), label: "  95% interval, high", digits: 2 },
    ...(withSpread ? [{ key: key("spreadPct"), label: "spread over rounds %", digits: 0 }] : []),
  ];
}

const IN_MEMORY_ROWS = rowsOf("", "CPU µs per call", true);
const CACHED_ROWS = rowsOf("cached", "cacheMiddleware: CPU µs/call", false);
const HTTP_ROWS = rowsOf("http", "loopback HTTP: CPU µs per call", false);

/** Measures one setting: a client per variant on `target` with `shared` options. */
async function measure(
  variants: readonly VariantId[],
  target: () => Target,
  shared: SharedClientOptions,
  plan: InterleavedPlan,
): Promise<Map<VariantId, CpuComparison>> {
  const clients = new Map<VariantId, BenchClient>(variants.map((variant) => [variant, createBenchClient(variant, "Pinpoint", target(), plan.seed, shared)]));
  try {
    return await compareCpuPerCall(clients, plan);
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

/** Copies a setting's comparison into the variants' result rows, under the setting's keys. */
function collect(results: Record<string, Record<string, number | null>>, rows: MetricSpec[], measured: Map<VariantId, CpuComparison>): void {
  const fields: Array<keyof CpuComparison> = ["cpuMicrosPerCall", "ratioToBaseline", "ratioLow", "ratioHigh", "spreadPct"];
  for (const [variant, comparison] of measured) {
    const row = (results[variant] ??= {});
    rows.forEach((metric, i) => (row[metric.key] = comparison[fields[i]]));
  }
}

export const overhead: Scenario = {
  name: "overhead",
  title: "Overhead (no faults; in memory, cacheMiddleware, loopback HTTP)",
  async run(context) {
    // Many short rounds: the median of per-round ratios then shrugs off the machine's slow spells.
    const memory: InterleavedPlan = {
      warmup: countFor(context, 3000, 800, 10),
      callsPerRound: countFor(context, 300, 150, 10),
      rounds: context.quick ? 51 : 201,
      seed: context.seed,
    };
    // A loopback call costs the client a few times an in-memory one, and waits on the emulator besides.
    const http: InterleavedPlan = {
      warmup: countFor(context, 500, 200, 10),
      callsPerRound: countFor(context, 100, 80, 10),
      rounds: context.quick ? 41 : 101,
      seed: context.seed,
    };
    const results: Record<string, Record<string, number | null>> = {};

    collect(results, IN_MEMORY_ROWS, await measure(context.variants, () => ({ requestHandler: inMemoryHandler() }), {}, memory));
    context.log(`overhead: in memory, ${memory.rounds} rounds of ${memory.callsPerRound} calls per variant`);

    collect(results, CACHED_ROWS, await measure(context.variants, () => ({ requestHandler: inMemoryHandler() }), { cacheMiddleware: true }, memory));
    context.log(`overhead: in memory with cacheMiddleware, ${memory.rounds} rounds of ${memory.callsPerRound} calls per variant`);

    const emulator = await startEmulatorProcess({ seed: context.seed });
    try {
      collect(results, HTTP_ROWS, await measure(context.variants, () => ({ endpoint: emulator.endpoint }), {}, http));
    } finally {
      await emulator.close();
    }
    context.log(`overhead: loopback HTTP, ${http.rounds} rounds of ${http.callsPerRound} calls per variant`);

    return {
      params: {
        warmup: memory.warmup,
        callsPerRound: memory.callsPerRound,
        rounds: memory.rounds,
        httpWarmup: http.warmup,
        httpCallsPerRound: http.callsPerRound,
        httpRounds: http.rounds,
        concurrency: 1,
      },
      metrics: [...IN_MEMORY_ROWS, ...CACHED_ROWS, ...HTTP_ROWS],
      results,
    };
  },
};
