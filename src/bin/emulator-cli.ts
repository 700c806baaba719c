/**
 * Pure helpers of the `smithy-resilience-emulator` command: argument parsing and the text it prints.
 * @packageDocumentation
 */

import { parseArgs } from "node:util";
import type { EmulatorOptions, FaultResponse, FaultRules } from "../testing/types";
import { FAULT_STATUS_RANGE, validateEmulatorOptions } from "../testing/validateFaultRules";
import { MAX_TIMER_DELAY_MS } from "../timerLimit";

/** The command's help text. */
export const EMULATOR_USAGE = `Usage: smithy-resilience-emulator [options]

Local Pinpoint / SMS Voice v1 / SMS Voice v2 emulator with fault injection.

Options:
  --port <n>            port on 127.0.0.1, 0 to 65535 (default 0: any free port)
  --fault <what:rate>   random fault per request, repeatable: a status (400-599) or "reset", and a
                        rate in [0, 1], e.g. 500:0.2, reset:0.05
  --capacity <rps>      answer the throttling error (429) above this many requests per second per
                        service (> 0)
  --latency <ms>        latency added to every response (0 to 2147483647)
  --seed <n>            seed of every random decision, an integer (default 1)
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
 * @throws Error naming the offending flag and its accepted range when an argument is unknown, malformed
 * or out of range.
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
    faults.capacity = { requestsPerSecond: parseNumber("--capacity", values.capacity, { min: 0, minExclusive: true }) };
  }
  if (values.latency !== undefined) faults.latency = { ms: parseNumber("--latency", values.latency, { min: 0, max: MAX_TIMER_DELAY_MS }) };
  const options: EmulatorOptions = { faults };
  if (values.port !== undefined) {
    options.port = parseNumber("--port", values.port, { min: 0, max: 65535, integer: true });
  }
  if (values.seed !== undefined) {
    options.seed = parseNumber("--seed", values.seed, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true });
  }
  // The flags' own checks come first, in the flags' words; this one is the emulator's, a safety net
  // so that the command never starts on rules startEmulator would refuse.
  validateEmulatorOptions(options);
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
  if (rateText === undefined || rest.length > 0) {
    throw new Error(`--fault expects <status|reset>:<rate>, a status ${FAULT_STATUS_RANGE.min}-${FAULT_STATUS_RANGE.max} or "reset" and a rate in [0, 1], e.g. 500:0.2 (got "${text}")`);
  }
  const rate = parseNumber("--fault rate", rateText, { min: 0, max: 1 });
  if (what === "reset") return { rate, fault: { reset: true } };
  return { rate, fault: parseNumber("--fault status", what, { ...FAULT_STATUS_RANGE, integer: true, or: '"reset"' }) };
}

interface Limits {
  min?: number;
  /** The minimum itself is refused. */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  /** Another accepted value, for the message. */
  or?: string;
}

/** What `limits` accept, in words: "an integer from 0 to 65535", "a number > 0", "a number in [0, 1]". */
function describeLimits({ min, minExclusive = false, max, integer = false, or }: Limits): string {
  const kind = integer ? "an integer" : "a number";
  const range =
    min !== undefined && max !== undefined
      ? integer
        ? `${kind} from ${min} to ${max}`
        : `${kind} in [${min}, ${max}]`
      : min !== undefined
        ? `${kind} ${minExclusive ? ">" : ">="} ${min}`
        : max !== undefined
          ? `${kind} <= ${max}`
          : kind;
  return or ? `${range}, or ${or}` : range;
}

function parseNumber(flag: string, text: string, limits: Limits): number {
  const value = text.trim() === "" ? NaN : Number(text);
  const { min = -Infinity, minExclusive = false, max = Infinity, integer = false } = limits;
  if (!Number.isFinite(value) || value < min || (minExclusive && value === min) || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`${flag} must be ${describeLimits(limits)} (got "${text}")`);
  }
  return value;
}
