/**
 * Pure helpers of the `smithy-resilience-emulator` command: argument parsing and the text it prints.
 * @packageDocumentation
 */

import { parseArgs } from "node:util";
import type { EmulatorOptions, FaultResponse, FaultRules } from "../testing/types";

/** The command's help text. */
export const EMULATOR_USAGE = `Usage: smithy-resilience-emulator [options]

Local Pinpoint / SMS Voice v1 / SMS Voice v2 emulator with fault injection.

Options:
  --port <n>            port on 127.0.0.1 (default: any free port)
  --fault <what:rate>   random fault per request, repeatable: a status or "reset", e.g. 500:0.2, reset:0.05
  --capacity <rps>      answer the throttling error (429) above this many requests per second per service
  --latency <ms>        latency added to every response
  --seed <n>            seed of every random decision (default 1)
  -h, --help            show this help`;

/** What the command line asks for. */
export interface EmulatorCliArgs {
  /** `--help` was given: print {@link EMULATOR_USAGE} and exit. */
  help: boolean;
  /** Options for `startEmulator`. */
  options: EmulatorOptions;
}

/**
 * Parses the command's arguments (without the node and script paths).
 *
 * @param argv - e.g. `["--port", "4566", "--fault", "500:0.2", "--capacity", "300"]`.
 * @returns The emulator options; fields not given are left out.
 * @throws Error naming the offending flag when an argument is unknown or malformed.
 */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorCliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      fault: { type: "string", multiple: true },
      capacity: { type: "string" },
      latency: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const faults: FaultRules = {};
  if (values.fault) faults.rates = values.fault.map(parseFault);
  if (values.capacity !== undefined) {
    faults.capacity = { requestsPerSecond: parseNumber("--capacity", values.capacity, { min: Number.MIN_VALUE }) };
  }
  if (values.latency !== undefined) faults.latency = { ms: parseNumber("--latency", values.latency, { min: 0 }) };
  const options: EmulatorOptions = { faults };
  if (values.port !== undefined) {
    options.port = parseNumber("--port", values.port, { min: 0, max: 65535, integer: true });
  }
  if (values.seed !== undefined) options.seed = parseNumber("--seed", values.seed, { integer: true });
  return { help: values.help ?? false, options };
}

/** The lines printed once the emulator listens: the endpoint and a client configuration to copy. */
export function describeEndpoint(endpoint: string): string {
  return [
    `smithy-resilience emulator listening on ${endpoint}`,
    "Point any Pinpoint / SMS Voice client at it:",
    `  new PinpointClient({ endpoint: "${endpoint}", region: "us-east-1",`,
    `    credentials: { accessKeyId: "test", secretAccessKey: "test" } })`,
    "Stop with Ctrl+C.",
  ].join("\n");
}

function parseFault(text: string): { rate: number; fault: FaultResponse | number } {
  const [what, rateText, ...rest] = text.split(":");
  if (rateText === undefined || rest.length > 0) throw new Error(`--fault expects <status|reset>:<rate>, got "${text}"`);
  const rate = parseNumber("--fault rate", rateText, { min: 0, max: 1 });
  if (what === "reset") return { rate, fault: { reset: true } };
  return { rate, fault: parseNumber("--fault status", what, { min: 400, max: 599, integer: true }) };
}

function parseNumber(flag: string, text: string, limits: { min?: number; max?: number; integer?: boolean }): number {
  const value = text.trim() === "" ? NaN : Number(text);
  const { min = -Infinity, max = Infinity, integer = false } = limits;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`${flag}: invalid value "${text}"`);
  }
  return value;
}
