/**
 * CPU per call of several clients measured in interleaved rounds, as ratios to a baseline client: the
 * method of the overhead scenario, for any transport and client option.
 */
import { createSeededRandom } from "../src/testing";
import { bootstrapInterval, cpuMicros, median, round } from "./measure";
import type { BenchClient, VariantId } from "./variants";
import { BASELINE } from "./variants";

/** What one variant measured. */
export interface CpuComparison {
  /** Median over rounds of the CPU µs per call. */
  cpuMicrosPerCall: number | null;
  /** Median over rounds of the ratio to the baseline's figure of the same round. */
  ratioToBaseline: number | null;
  /** Seeded 95% bootstrap interval of that median ratio. */
  ratioLow: number | null;
  ratioHigh: number | null;
  /** (slowest − fastest round) / median, %. */
  spreadPct: number | null;
}

/** How many calls and rounds. */
export interface InterleavedPlan {
  /** Calls per client before the first round (JIT, sockets). */
  warmup: number;
  rounds: number;
  callsPerRound: number;
  /** Seeds the bootstrap. */
  seed: number;
}

async function sendSequentially(client: BenchClient, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) await client.send();
}

/**
 * Warms every client, then runs `rounds` rounds of `callsPerRound` sequential calls per client, rotating
 * the order each round so that no variant always runs first, and takes each figure against the
 * baseline's of the same round, so that the machine's slow spells cancel out. The clients stay open.
 */
export async function compareCpuPerCall(clients: ReadonlyMap<VariantId, BenchClient>, plan: InterleavedPlan): Promise<Map<VariantId, CpuComparison>> {
  const variants = [...clients.keys()];
  const samples = new Map<VariantId, number[]>(variants.map((variant) => [variant, []]));
  for (const client of clients.values()) await sendSequentially(client, plan.warmup);
  for (let r = 0; r < plan.rounds; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]);
    for (const variant of order) {
      const client = clients.get(variant) as BenchClient;
      samples.get(variant)?.push((await cpuMicros(() => sendSequentially(client, plan.callsPerRound))) / plan.callsPerRound);
    }
  }
  const baseline = samples.get(BASELINE) ?? [];
  const random = createSeededRandom(plan.seed);
  const results = new Map<VariantId, CpuComparison>();
  for (const [variant, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    const ratios = values.map((value, r) => value / baseline[r]);
    // How far the median ratio could move by chance within this run (the overhead scenario's A/A column
    // shows it on a second baseline client).
    const [low, high] = bootstrapInterval(ratios, median, random);
    results.set(variant, {
      cpuMicrosPerCall: round(median(values), 1),
      ratioToBaseline: round(median(ratios), 3),
      ratioLow: round(low, 3),
      ratioHigh: round(high, 3),
      spreadPct: round((100 * (sorted[sorted.length - 1] - sorted[0])) / median(values), 0),
    });
  }
  return results;
}
