/**
 * Command-line options of `npm run demo`, parsed and checked once, with messages that name the option.
 * @packageDocumentation
 */

import { parseArgs } from "node:util";
import { PHASE_NAMES, type PhaseName } from "./phases";

/** What the command line asks for. */
export interface DemoOptions {
  /** Calls per phase per service. */
  calls: number;
  seed: number;
  phases: PhaseName[];
  /** Where the HTML report goes. */
  reportPath: string;
  /** Where the JSON results go; none when undefined. */
  jsonPath: string | undefined;
  help: boolean;
}

/** Calls per phase per service by default: with the call interval, about a minute in all. */
export const DEFAULT_CALLS = 60;
export const MAX_CALLS = 10_000;
export const DEFAULT_SEED = 1;
export const DEFAULT_REPORT_PATH = "reports/demo-report.html";

export const USAGE = `Usage: npm run demo -- [options]

Runs the same seeded workload against the embedded emulator twice, side by side: with the SDK's standard
retry and with smithy-resilience. No AWS account, credentials or configuration needed.

Options:
  --calls N        calls per phase per service (default ${DEFAULT_CALLS}, at most ${MAX_CALLS})
  --seed N         seed of every random decision, 0 to 4294967295 (default ${DEFAULT_SEED})
  --phases a,b,c   which phases to run, in this order (default ${PHASE_NAMES.join(",")})
  --report PATH    where to write the HTML report (default ${DEFAULT_REPORT_PATH})
  --json PATH      also write the results as JSON
  --help           show this text`;

/** A command-line mistake; its message says what was wrong and what is accepted. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function wholeNumber(option: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return parsed;
}

function path(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === "") throw new UsageError(`--${option} needs a file path (got an empty one)`);
  return value;
}

/** Parses `--phases a,b,c`: known names, each at most once, at least one. */
export function parsePhases(value: string): PhaseName[] {
  const names = value.split(",").map((name) => name.trim());
  const known = new Set<string>(PHASE_NAMES);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const shown = unknown.map((name) => `"${name}"`).join(", ");
    throw new UsageError(`--phases: unknown phase ${shown}; choose from ${PHASE_NAMES.join(", ")}`);
  }
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new UsageError(`--phases: "${repeated}" is listed twice; each phase can run once`);
  return names as PhaseName[];
}

/** Parses the arguments after `demo/main.ts`. Throws {@link UsageError} on any mistake. */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        calls: { type: "string" },
        seed: { type: "string" },
        phases: { type: "string" },
        report: { type: "string" },
        json: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    // Node's messages are long and name its own API; keep the part that says what was wrong. Duck-typed:
    // under Jest, Node's errors come from another realm and fail `instanceof Error`.
    const message = (error as { message?: unknown } | undefined)?.message;
    throw new UsageError(`${typeof message === "string" ? message.split(/\.\s/)[0] : String(error)} (see --help)`);
  }
  const text = (name: string) => values[name] as string | undefined;
  return {
    calls: wholeNumber("calls", text("calls"), 1, MAX_CALLS, DEFAULT_CALLS),
    seed: wholeNumber("seed", text("seed"), 0, 0xffffffff, DEFAULT_SEED),
    phases: text("phases") === undefined ? [...PHASE_NAMES] : parsePhases(text("phases") as string),
    reportPath: path("report", text("report")) ?? DEFAULT_REPORT_PATH,
    jsonPath: path("json", text("json")),
    help: values.help === true,
  };
}
