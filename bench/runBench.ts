/** Runs the selected scenarios for every variant, in one process, and returns the report. */
import { availableParallelism, cpus } from "node:os";
import { startEmulator } from "../src/testing";
import type { BenchOptions } from "./args";
import type { MetricSpec, VariantResults } from "./scenario";
import { SCENARIOS } from "./scenarios";
import type { VariantId } from "./variants";
import { BASELINE, VARIANT_LABELS, variantsFor } from "./variants";

/** One scenario in the report. */
export interface ScenarioReport {
  name: string;
  title: string;
  params: Record<string, number | string>;
  metrics: MetricSpec[];
  results: VariantResults;
  /** Per metric marked `ratio`, per variant: value / baseline's value. */
  ratios: Record<string, Partial<Record<VariantId, number | null>>>;
  durationMs: number;
}

/** The whole report, as written by `--json`. */
export interface BenchReport {
  version: 1;
  seed: number;
  quick: boolean;
  scale: number;
  startedAt: string;
  durationMs: number;
  environment: { node: string; platform: string; cpus: number; cpuModel: string };
  baseline: VariantId;
  variants: Array<{ id: VariantId; label: string }>;
  scenarios: ScenarioReport[];
}

function ratiosOf(metrics: MetricSpec[], results: VariantResults): ScenarioReport["ratios"] {
  const ratios: ScenarioReport["ratios"] = {};
  for (const metric of metrics.filter((m) => m.ratio)) {
    const base = results[BASELINE]?.[metric.key];
    ratios[metric.key] = {};
    for (const [variant, values] of Object.entries(results) as Array<[VariantId, Record<string, number | null>]>) {
      const value = values[metric.key];
      ratios[metric.key][variant] = value === null || value === undefined || !base ? null : Math.round((1000 * value) / base) / 1000;
    }
  }
  return ratios;
}

/** Runs the bench. `log` receives progress lines. */
export async function runBench(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<BenchReport> {
  const startedAt = new Date();
  const began = performance.now();
  const emulator = await startEmulator({ seed: options.seed });
  const scenarios: ScenarioReport[] = [];
  try {
    for (const name of options.scenarios) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (!scenario) throw new Error(`unknown scenario ${name}`);
      const scenarioStart = performance.now();
      const variants = variantsFor(scenario.name, options.variants);
      const result = await scenario.run({ variants, seed: options.seed, quick: options.quick, scale: options.scale, emulator, log });
      scenarios.push({
        name: scenario.name,
        title: scenario.title,
        ...result,
        ratios: ratiosOf(result.metrics, result.results),
        durationMs: Math.round(performance.now() - scenarioStart),
      });
    }
  } finally {
    await emulator.close();
  }
  return {
    version: 1,
    seed: options.seed,
    quick: options.quick,
    scale: options.scale,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - began),
    environment: { node: process.version, platform: process.platform, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? "unknown" },
    baseline: BASELINE,
    variants: options.variants.map((id) => ({ id, label: VARIANT_LABELS[id] })),
    scenarios,
  };
}
