/**
 * Overhead: CPU per successful call through the whole client stack with an in-memory requestHandler (no
 * network). Variants are measured in interleaved rounds, so that drift (JIT, GC, thermal) hits them alike;
 * each figure is the median over rounds. (A forced GC before each round was tried: it doubles every
 * variant's figure, as the heap must regrow and code is re-optimized, so it is not done.)
 */
import { inMemoryHandler } from "../inMemoryHandler";
import { createSeededRandom } from "../../src/testing";
import { bootstrapInterval, cpuMicros, median, round } from "../measure";
import type { Scenario } from "../scenario";
import { countFor } from "../scenario";
import type { BenchClient, VariantId } from "../variants";
import { BASELINE, createBenchClient } from "../variants";

async function sendSequentially(client: BenchClient, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) await client.send();
}

export const overhead: Scenario = {
  name: "overhead",
  title: "Overhead (in-memory handler, no faults)",
  async run(context) {
    const warmup = countFor(context, 3000, 800, 10);
    // Many short rounds: the median of per-round ratios then shrugs off the machine's slow spells.
    const callsPerRound = countFor(context, 300, 150, 10);
    const rounds = context.quick ? 31 : 201;
    const clients = new Map<VariantId, BenchClient>(
      context.variants.map((variant) => [variant, createBenchClient(variant, "Pinpoint", { requestHandler: inMemoryHandler() }, context.seed)]),
    );
    const samples = new Map<VariantId, number[]>(context.variants.map((variant) => [variant, []]));
    for (const client of clients.values()) await sendSequentially(client, warmup);
    for (let r = 0; r < rounds; r++) {
      // Rotate the order each round so that no variant always runs first.
      const order = context.variants.map((_, i) => context.variants[(i + r) % context.variants.length]);
      for (const variant of order) {
        const client = clients.get(variant) as BenchClient;
        samples.get(variant)?.push((await cpuMicros(() => sendSequentially(client, callsPerRound))) / callsPerRound);
      }
    }
    for (const client of clients.values()) client.destroy();
    context.log(`overhead: ${rounds} rounds of ${callsPerRound} calls per variant`);
    const baseline = samples.get(BASELINE) ?? [];
    const results: Record<string, Record<string, number | null>> = {};
    const random = createSeededRandom(context.seed);
    for (const [variant, values] of samples) {
      const sorted = [...values].sort((a, b) => a - b);
      // Each round's figure against the baseline's of the same round, so that slow spells cancel out.
      const ratios = values.map((value, r) => value / baseline[r]);
      // How far the median ratio could move by chance: two identical clients differ by about ±1.5%.
      const [low, high] = bootstrapInterval(ratios, median, random);
      results[variant] = {
        cpuMicrosPerCall: round(median(values), 1),
        ratioToBaseline: round(median(ratios), 3),
        ratioLow: round(low, 3),
        ratioHigh: round(high, 3),
        spreadPct: round((100 * (sorted[sorted.length - 1] - sorted[0])) / median(values), 0),
      };
    }
    return {
      params: { warmup, callsPerRound, rounds, concurrency: 1 },
      metrics: [
        { key: "cpuMicrosPerCall", label: "CPU µs per call" },
        { key: "ratioToBaseline", label: "  × SDK standard, per round", digits: 2 },
        { key: "ratioLow", label: "  95% interval, low", digits: 2 },
        { key: "ratioHigh", label: "  95% interval, high", digits: 2 },
        { key: "spreadPct", label: "spread over rounds %", digits: 0 },
      ],
      results,
    };
  },
};
