/**
 * Validation of the emulator's options and fault rules. A rule the engine cannot apply (a rate of 5, a
 * misspelt key, an operation the emulator does not answer) would otherwise be ignored, and a
 * fault-injection test would pass without any fault injected.
 * @packageDocumentation
 */

import { didYouMean } from "../didYouMean";
import { MAX_TIMER_DELAY_MS } from "../timerLimit";
import type { EmulatorOptions, EmulatorService, FaultResponse, FaultRules, Match, ScriptStep } from "./types";

/** The services the emulator speaks. */
export const EMULATOR_SERVICES: readonly EmulatorService[] = ["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"];

/**
 * The operations each service answers (see `services/`): the only values a rule's `match.operation` can
 * meet. Any other request is an unknown route, which no rule sees. A test sends each through its client.
 */
export const EMULATED_OPERATIONS: Readonly<Record<EmulatorService, readonly string[]>> = {
  Pinpoint: ["SendMessages", "SendUsersMessages", "SendOTPMessage", "GetApps"],
  PinpointSMSVoice: ["SendVoiceMessage"],
  PinpointSMSVoiceV2: ["SendTextMessage", "SendVoiceMessage"],
};

/** Pinpoint's `DeliveryStatus` values, the only ones its clients understand. */
export const DELIVERY_STATUSES: readonly string[] = [
  "SUCCESSFUL",
  "THROTTLED",
  "TEMPORARY_FAILURE",
  "PERMANENT_FAILURE",
  "UNKNOWN_FAILURE",
  "OPT_OUT",
  "DUPLICATE",
];

/** The statuses a fault may answer with: errors. A 2xx would be read as a success, nothing injected. */
export const FAULT_STATUS_RANGE = { min: 400, max: 599 } as const;

const RULE_KEYS = ["scripts", "rates", "randomBy", "capacity", "outages", "latency", "deliveryStatus"] as const;
const OPTION_KEYS = ["seed", "faults", "port", "now"] as const;
const FAULT_KEYS = ["status", "errorName", "message", "retryAfter", "amzRetryAfterMs", "html", "reset", "latencyMs"] as const;
const MS_RANGE = `a finite number >= 0 and <= ${MAX_TIMER_DELAY_MS} (setTimeout's limit)`;
// What Node.js accepts in a header value; anything else would fail the response, not inject the fault.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (typeof value !== "object" || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

function fail(path: string, expected: string, value: unknown): never {
  throw new Error(`smithy-resilience/testing: "${path}" must be ${expected} (got ${show(value)})`);
}

function plainObject(path: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, "an object", value);
  return value as Record<string, unknown>;
}

function record(path: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  const object = plainObject(path, value);
  for (const key of Object.keys(object)) {
    if (keys.includes(key)) continue;
    const suggestion = didYouMean(key, keys);
    fail(`${path}.${key}`, `one of the known keys (${keys.join(", ")})${suggestion ? `; ${suggestion}` : ""}`, key);
  }
  return object;
}

function list(path: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) fail(path, "an array", value);
  return value;
}

function numberIn(path: string, value: unknown, accepts: (n: number) => boolean, expected: string): number {
  if (typeof value !== "number" || Number.isNaN(value) || !accepts(value)) fail(path, expected, value);
  return value;
}

function durationMs(path: string, value: unknown): void {
  numberIn(path, value, (n) => Number.isFinite(n) && n >= 0 && n <= MAX_TIMER_DELAY_MS, MS_RANGE);
}

function probability(path: string, value: unknown): void {
  numberIn(path, value, (n) => n >= 0 && n <= 1, "a number in [0, 1]");
}

function optionalBoolean(path: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") fail(path, "true or false", value);
  return value as boolean | undefined;
}

function oneOf(path: string, value: unknown, accepted: readonly string[]): void {
  if (typeof value === "string" && accepted.includes(value)) return;
  const suggestion = typeof value === "string" ? didYouMean(value, accepted) : undefined;
  fail(path, `one of ${accepted.join(", ")}${suggestion ? `; ${suggestion}` : ""}`, value);
}

function headerValue(path: string, value: unknown, nonEmpty: boolean): void {
  if (typeof value !== "string" || (nonEmpty && value === "") || !HEADER_VALUE.test(value)) {
    fail(path, `a${nonEmpty ? " non-empty" : ""} string without control characters (it is sent as a header)`, value);
  }
}

function status(path: string, value: unknown): void {
  const { min, max } = FAULT_STATUS_RANGE;
  numberIn(path, value, (n) => Number.isInteger(n) && n >= min && n <= max, `an HTTP error status, an integer from ${min} to ${max}`);
}

function validateMatch(path: string, value: unknown): void {
  if (value === undefined) return;
  const match = record(path, value, ["service", "operation"]) as Match;
  if (match.service !== undefined) oneOf(`${path}.service`, match.service, EMULATOR_SERVICES);
  if (match.operation !== undefined) {
    const services = match.service === undefined ? EMULATOR_SERVICES : [match.service];
    oneOf(`${path}.operation`, match.operation, [...new Set(services.flatMap((service) => EMULATED_OPERATIONS[service]))]);
  }
}

function validateFault(path: string, value: unknown): void {
  if (typeof value === "number") return status(path, value);
  const fault = record(path, value, FAULT_KEYS) as Record<keyof FaultResponse, unknown>;
  if (fault.status !== undefined) status(`${path}.status`, fault.status);
  if (fault.errorName !== undefined) headerValue(`${path}.errorName`, fault.errorName, true);
  if (fault.message !== undefined && typeof fault.message !== "string") fail(`${path}.message`, "a string", fault.message);
  if (fault.retryAfter !== undefined) headerValue(`${path}.retryAfter`, fault.retryAfter, false);
  // No upper bound: a hint beyond the timer range is exactly what a test of the client's cap sends.
  if (fault.amzRetryAfterMs !== undefined) numberIn(`${path}.amzRetryAfterMs`, fault.amzRetryAfterMs, (n) => Number.isFinite(n) && n >= 0, "a finite number >= 0");
  const html = optionalBoolean(`${path}.html`, fault.html);
  const reset = optionalBoolean(`${path}.reset`, fault.reset);
  if (fault.latencyMs !== undefined) durationMs(`${path}.latencyMs`, fault.latencyMs);
  // Settings the answer would not carry are refused rather than dropped without a word.
  if (reset) {
    const ignored = FAULT_KEYS.filter((key) => key !== "reset" && key !== "latencyMs" && fault[key] !== undefined);
    if (ignored.length > 0) fail(`${path}.reset`, `alone (with latencyMs at most): a reset sends no response, so ${ignored.join(", ")} would be ignored`, true);
  }
  if (html) {
    const ignored = (["errorName", "message"] as const).filter((key) => fault[key] !== undefined);
    if (ignored.length > 0) fail(`${path}.html`, `without ${ignored.join(" and ")}: an HTML page carries neither`, true);
  }
}

function validateStep(path: string, value: unknown): void {
  if (value === "ok") return;
  if (typeof value === "number" || (typeof value === "object" && value !== null && !Array.isArray(value))) return validateFault(path, value);
  const suggestion = typeof value === "string" ? didYouMean(value, ["ok"]) : undefined;
  fail(path, `"ok", an HTTP error status (${FAULT_STATUS_RANGE.min}-${FAULT_STATUS_RANGE.max}) or a fault object${suggestion ? `; ${suggestion}` : ""}`, value);
}

/**
 * Checks fault rules against {@link FaultRules}: unknown keys, values out of range, operations the
 * emulator does not answer and settings that would be ignored are refused.
 *
 * @param value - The rules, as given to `startEmulator` or `setFaults`.
 * @param path - How the message names them. Default "faults".
 * @returns The same rules, typed.
 * @throws Error naming the rule (e.g. `"faults.rates[0].rate"`) and its accepted range.
 */
export function validateFaultRules(value: unknown, path = "faults"): FaultRules {
  const rules = record(path, value, RULE_KEYS) as Record<keyof FaultRules, unknown>;
  if (rules.scripts !== undefined) {
    list(`${path}.scripts`, rules.scripts).forEach((item, i) => {
      const at = `${path}.scripts[${i}]`;
      const script = record(at, item, ["match", "steps", "repeatLast"]);
      validateMatch(`${at}.match`, script.match);
      const steps = list(`${at}.steps`, script.steps) as ScriptStep[];
      if (steps.length === 0) fail(`${at}.steps`, "a non-empty array (a script without steps injects nothing)", steps);
      steps.forEach((step, j) => validateStep(`${at}.steps[${j}]`, step));
      optionalBoolean(`${at}.repeatLast`, script.repeatLast);
    });
  }
  if (rules.rates !== undefined) {
    list(`${path}.rates`, rules.rates).forEach((item, i) => {
      const at = `${path}.rates[${i}]`;
      const rate = record(at, item, ["match", "rate", "fault"]);
      validateMatch(`${at}.match`, rate.match);
      probability(`${at}.rate`, rate.rate);
      if (rate.fault === undefined) fail(`${at}.fault`, "given: an HTTP error status or a fault object", undefined);
      validateFault(`${at}.fault`, rate.fault);
    });
  }
  if (rules.randomBy !== undefined) oneOf(`${path}.randomBy`, rules.randomBy, ["request", "call"]);
  if (rules.capacity !== undefined) {
    const at = `${path}.capacity`;
    const capacity = record(at, rules.capacity, ["requestsPerSecond", "burst", "match"]);
    numberIn(`${at}.requestsPerSecond`, capacity.requestsPerSecond, (n) => Number.isFinite(n) && n > 0, "a finite number > 0");
    // Under one token a bucket never lets a request through: a total outage, not a capacity.
    if (capacity.burst !== undefined) numberIn(`${at}.burst`, capacity.burst, (n) => Number.isFinite(n) && n >= 1, "a finite number >= 1");
    validateMatch(`${at}.match`, capacity.match);
  }
  if (rules.outages !== undefined) {
    list(`${path}.outages`, rules.outages).forEach((item, i) => {
      const at = `${path}.outages[${i}]`;
      const outage = record(at, item, ["fromMs", "toMs", "match", "fault"]);
      const fromMs = numberIn(`${at}.fromMs`, outage.fromMs, (n) => Number.isFinite(n) && n >= 0, "a finite number >= 0");
      // Infinity is an outage that never ends.
      numberIn(`${at}.toMs`, outage.toMs, (n) => n > fromMs, `a number > fromMs (${fromMs}); Infinity for no end`);
      validateMatch(`${at}.match`, outage.match);
      if (outage.fault !== undefined) validateFault(`${at}.fault`, outage.fault);
    });
  }
  if (rules.latency !== undefined) {
    const at = `${path}.latency`;
    const latency = record(at, rules.latency, ["ms", "jitterMs", "match"]);
    durationMs(`${at}.ms`, latency.ms);
    if (latency.jitterMs !== undefined) durationMs(`${at}.jitterMs`, latency.jitterMs);
    validateMatch(`${at}.match`, latency.match);
  }
  if (rules.deliveryStatus !== undefined) {
    const at = `${path}.deliveryStatus`;
    const delivery = record(at, rules.deliveryStatus, ["byAddress", "rate", "status"]);
    if (delivery.byAddress !== undefined) {
      for (const [address, statuses] of Object.entries(plainObject(`${at}.byAddress`, delivery.byAddress))) {
        list(`${at}.byAddress.${address}`, statuses).forEach((value, j) => oneOf(`${at}.byAddress.${address}[${j}]`, value, DELIVERY_STATUSES));
      }
    }
    if (delivery.rate !== undefined) probability(`${at}.rate`, delivery.rate);
    if (delivery.status !== undefined) {
      oneOf(`${at}.status`, delivery.status, DELIVERY_STATUSES);
      if (delivery.rate === undefined) fail(`${at}.status`, "given with rate (it is the status a rate draw gives)", delivery.status);
    }
  }
  return value as FaultRules;
}

/**
 * Checks the options of `startEmulator`, its fault rules included.
 *
 * @throws Error naming the option (e.g. `"port"`, `"faults.capacity.requestsPerSecond"`) and its accepted range.
 */
export function validateEmulatorOptions(value: unknown): EmulatorOptions {
  const options = record("options", value, OPTION_KEYS);
  if (options.seed !== undefined) numberIn("seed", options.seed, Number.isSafeInteger, "a safe integer");
  if (options.port !== undefined) numberIn("port", options.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "an integer from 0 to 65535 (0: any free port)");
  if (options.now !== undefined && typeof options.now !== "function") fail("now", "a function returning ms", options.now);
  if (options.faults !== undefined) validateFaultRules(options.faults);
  return value as EmulatorOptions;
}
