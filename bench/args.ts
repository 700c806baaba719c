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
}

export const USAGE = `Usage: npm run bench -- [--quick] [--seed N] [--scenarios a,b] [--json PATH] [--scale X]
  --quick         smaller counts (about a minute)
  --seed N        seed of the emulator's faults and of the library's jitter (default 1)
  --scenarios     comma-separated subset of: ${SCENARIOS.map((s) => s.name).join(", ")}
  --json PATH     also write the results as JSON
  --scale X       multiply every call count by X (default 1)
  --variants      comma-separated subset of: ${VARIANT_IDS.join(", ")} (${BASELINE} always runs)`;

/** Parses argv (without node and the script). Throws an Error with a message fit for the user. */
export function parseArgs(argv: readonly string[]): BenchOptions | "help" {
  const options: BenchOptions = { seed: 1, scenarios: SCENARIOS.map((s) => s.name), quick: false, scale: 1, variants: [...VARIANT_IDS] };
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
  return options;
}
