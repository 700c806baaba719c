/** Command-line options of `npm run bench`. */
import { SCENARIOS } from "./scenarios";
import type { VariantId } from "./variants";
import { BASELINE, VARIANT_IDS } from "./variants";

export interface BenchOptions {
  /** Seeds the emulator's faults and the library's jitter. */
  seed: number;
  /** Scenario names, in run order. */
  scenarios: string[];
  quick: boolean;
  /** Multiplies every count. */
  scale: number;
  /** Where to write the JSON report. */
  jsonPath?: string;
  /** The stacks to run, in table order; the baseline is always among them. */
  variants: VariantId[];
  /** Also run the scenario family (bench/family). */
  family?: boolean;
  /** The family's cells to run, by name or name prefix; default all of the mode's. */
  cells?: string[];
}

export const USAGE = `Usage: npm run bench -- [--quick] [--seed N] [--scenarios a,b] [--family] [--cells a,b] [--json PATH] [--scale X]
  --quick         smaller counts (about a minute), and the family's quick subset (about 3 minutes)
  --seed N        seed of the emulator's faults and of the library's jitter (default 1)
  --scenarios     comma-separated subset of: ${SCENARIOS.map((s) => s.name).join(", ")}
  --json PATH     also write the results as JSON
  --scale X       multiply every call count by X (default 1)
  --variants      comma-separated subset of: ${VARIANT_IDS.join(", ")} (${BASELINE} always runs)
  --family        the scenario family alone (with --scenarios: both); without either, everything runs
  --cells         comma-separated family cells, by name or prefix (e.g. quota-,outage); implies --family`;

/** Parses argv (without node and the script). Throws an Error with a message fit for the user. */
export function parseArgs(argv: readonly string[]): BenchOptions | "help" {
  const options: BenchOptions = { seed: 1, scenarios: SCENARIOS.map((s) => s.name), quick: false, scale: 1, variants: [...VARIANT_IDS] };
  let scenariosGiven = false;
  let familyGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new Error(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case "--help":
      case "-h":
        return "help";
      case "--quick":
        options.quick = true;
        break;
      case "--seed": {
        const seed = Number(value());
        if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
        options.seed = seed;
        break;
      }
      case "--scale": {
        const scale = Number(value());
        if (!(scale > 0 && Number.isFinite(scale))) throw new Error("--scale must be a number > 0");
        options.scale = scale;
        break;
      }
      case "--json":
        options.jsonPath = value();
        break;
      case "--scenarios": {
        const names = value().split(",").map((s) => s.trim()).filter(Boolean);
        const unknown = names.filter((name) => !SCENARIOS.some((s) => s.name === name));
        if (unknown.length > 0 || names.length === 0) {
          throw new Error(`unknown scenario ${unknown.join(", ") || "(none given)"}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
        }
        options.scenarios = names;
        scenariosGiven = true;
        break;
      }
      case "--family":
        familyGiven = true;
        break;
      case "--cells": {
        const names = value().split(",").map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new Error("--cells needs at least one name");
        options.cells = names;
        familyGiven = true;
        break;
      }
      case "--variants": {
        const names = value().split(",").map((s) => s.trim()).filter(Boolean);
        const unknown = names.filter((name) => !(VARIANT_IDS as readonly string[]).includes(name));
        if (unknown.length > 0 || names.length === 0) {
          throw new Error(`unknown variant ${unknown.join(", ") || "(none given)"}; known: ${VARIANT_IDS.join(", ")}`);
        }
        // Ratios are taken against the baseline, so it always runs; table order stays the usual one.
        options.variants = VARIANT_IDS.filter((id) => id === BASELINE || names.includes(id));
        break;
      }
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  // --family alone runs the family alone; --scenarios alone, those scenarios; neither, everything.
  if (familyGiven && !scenariosGiven) options.scenarios = [];
  options.family = familyGiven || !scenariosGiven;
  return options;
}
