import type { BackoffPolicy } from "./backoff";
import type { CircuitBreakerPolicy } from "./breaker/CircuitBreaker";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { CustomClassifier } from "./classification";
import * as defaults from "./constants";
import type { RetryBudgetPolicy } from "./retryBudget";
import type {
  JitterMode,
  OperationPolicy,
  ResilienceHooks,
  ResilienceLogger,
  ResilienceOptions,
} from "./types";

/** Options with every default filled in, checked once at construction. */
export interface ResolvedOptions {
  maxAttempts: number;
  backoff: BackoffPolicy;
  maxRetryAfterMs: number;
  retryBudget: RetryBudgetPolicy | false;
  classify: CustomClassifier | undefined;
  hooks: ResilienceHooks;
  debug: boolean;
  logger: ResilienceLogger | undefined;
  circuitBreaker: CircuitBreakerPolicy | false;
  deadlineMs: number | undefined;
  operations: Readonly<Record<string, OperationPolicy>>;
  retryNonIdempotent: boolean;
  retryPartialFailures: boolean;
  rateLimiter: "adaptive" | false;
  clock: Clock;
}

const JITTER_MODES: readonly JitterMode[] = ["full", "equal", "decorrelated", "none"];
const HOOK_NAMES = ["onAttempt", "onRetry", "onSuccess", "onGiveUp", "onCircuitStateChange"] as const;
const OPTION_NAMES = [
  "maxAttempts",
  "backoff",
  "maxRetryAfterMs",
  "retryBudget",
  "classify",
  "hooks",
  "debug",
  "logger",
  "circuitBreaker",
  "deadlineMs",
  "operations",
  "retryNonIdempotent",
  "retryPartialFailures",
  "rateLimiter",
  "clock",
] as const;

function fail(option: string, expected: string, value: unknown): never {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  throw new Error(`smithy-resilience: option "${option}" must be ${expected} (got ${shown})`);
}

function integerAtLeast(option: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) fail(option, `an integer >= ${min}`, value);
  return value;
}

function nonNegativeFinite(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) fail(option, "a finite number >= 0", value);
  return value;
}

function positiveFinite(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) fail(option, "a finite number > 0", value);
  return value;
}

function ratio(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0 && value <= 1)) fail(option, "a number in (0, 1]", value);
  return value;
}

function optionalFunction<T>(option: string, value: unknown): T | undefined {
  if (value !== undefined && typeof value !== "function") fail(option, "a function", value);
  return value as T | undefined;
}

function plainObject(option: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(option, "an object", value);
  return value as Record<string, unknown>;
}

function onlyKnownKeys(option: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`${option}${option ? "." : ""}${key}`, `one of the known options (${known.join(", ")})`, key);
  }
}

function booleanOption(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail(option, "true or false", value);
  return value;
}

function resolveBackoff(value: unknown): BackoffPolicy {
  const backoff = plainObject("backoff", value);
  onlyKnownKeys("backoff", backoff, ["baseMs", "throttlingBaseMs", "maxMs", "jitter"]);
  const jitter = backoff.jitter ?? defaults.DEFAULT_JITTER;
  if (!JITTER_MODES.includes(jitter as JitterMode)) fail("backoff.jitter", `one of ${JITTER_MODES.join(", ")}`, jitter);
  return {
    baseMs: nonNegativeFinite("backoff.baseMs", backoff.baseMs, defaults.DEFAULT_BASE_DELAY_MS),
    throttlingBaseMs: nonNegativeFinite("backoff.throttlingBaseMs", backoff.throttlingBaseMs, defaults.DEFAULT_THROTTLING_BASE_DELAY_MS),
    maxMs: nonNegativeFinite("backoff.maxMs", backoff.maxMs, defaults.DEFAULT_MAX_DELAY_MS),
    jitter: jitter as JitterMode,
  };
}

function resolveRetryBudget(value: unknown): RetryBudgetPolicy | false {
  if (value === false) return false;
  const budget = plainObject("retryBudget", value);
  onlyKnownKeys("retryBudget", budget, ["capacity", "retryCost", "throttlingCost"]);
  return {
    capacity: nonNegativeFinite("retryBudget.capacity", budget.capacity, defaults.DEFAULT_BUDGET_CAPACITY),
    retryCost: nonNegativeFinite("retryBudget.retryCost", budget.retryCost, defaults.DEFAULT_BUDGET_RETRY_COST),
    throttlingCost: nonNegativeFinite("retryBudget.throttlingCost", budget.throttlingCost, defaults.DEFAULT_BUDGET_THROTTLING_COST),
  };
}

function resolveHooks(value: unknown): ResilienceHooks {
  const hooks = plainObject("hooks", value);
  onlyKnownKeys("hooks", hooks, HOOK_NAMES);
  for (const name of HOOK_NAMES) optionalFunction(`hooks.${name}`, hooks[name]);
  return hooks as ResilienceHooks;
}

function resolveLogger(value: unknown): ResilienceLogger | undefined {
  if (value === undefined) return undefined;
  const logger = plainObject("logger", value);
  optionalFunction("logger.debug", logger.debug);
  optionalFunction("logger.warn", logger.warn);
  return logger as ResilienceLogger;
}

function resolveCircuitBreaker(value: unknown): CircuitBreakerPolicy | false {
  if (value === false) return false;
  const breaker = plainObject("circuitBreaker", value);
  onlyKnownKeys("circuitBreaker", breaker, ["failureRatio", "minimumCalls", "windowMs", "openMs", "halfOpenProbes"]);
  return {
    failureRatio: ratio("circuitBreaker.failureRatio", breaker.failureRatio, defaults.DEFAULT_BREAKER_FAILURE_RATIO),
    minimumCalls: integerAtLeast("circuitBreaker.minimumCalls", breaker.minimumCalls, 1, defaults.DEFAULT_BREAKER_MINIMUM_CALLS),
    windowMs: positiveFinite("circuitBreaker.windowMs", breaker.windowMs) ?? defaults.DEFAULT_BREAKER_WINDOW_MS,
    openMs: positiveFinite("circuitBreaker.openMs", breaker.openMs) ?? defaults.DEFAULT_BREAKER_OPEN_MS,
    halfOpenProbes: integerAtLeast("circuitBreaker.halfOpenProbes", breaker.halfOpenProbes, 1, defaults.DEFAULT_BREAKER_HALF_OPEN_PROBES),
  };
}

function resolveOperations(value: unknown): Record<string, OperationPolicy> {
  const operations = plainObject("operations", value);
  for (const [name, policyValue] of Object.entries(operations)) {
    const option = `operations.${name}`;
    const policy = plainObject(option, policyValue);
    onlyKnownKeys(option, policy, ["maxAttempts", "deadlineMs", "idempotent"]);
    integerAtLeast(`${option}.maxAttempts`, policy.maxAttempts, 1, 1);
    positiveFinite(`${option}.deadlineMs`, policy.deadlineMs);
    booleanOption(`${option}.idempotent`, policy.idempotent, true);
  }
  return operations as Record<string, OperationPolicy>;
}

function resolveRateLimiter(value: unknown): "adaptive" | false {
  if (value === undefined) return defaults.DEFAULT_RATE_LIMITER;
  if (value !== "adaptive" && value !== false) fail("rateLimiter", '"adaptive" or false', value);
  return value;
}

function resolveClock(value: unknown): Clock {
  const clock = plainObject("clock", value);
  onlyKnownKeys("clock", clock, ["now", "epochMs", "random", "sleep"]);
  // Waits on a fake clock must move that clock, or pacing would wait forever for time that never comes.
  if ((clock.now === undefined) !== (clock.sleep === undefined)) {
    fail("clock", "given both now and sleep, or neither (a wait must move the same clock)", Object.keys(clock).join("+"));
  }
  return {
    now: optionalFunction<Clock["now"]>("clock.now", clock.now) ?? systemClock.now,
    epochMs: optionalFunction<Clock["epochMs"]>("clock.epochMs", clock.epochMs) ?? systemClock.epochMs,
    random: optionalFunction<Clock["random"]>("clock.random", clock.random) ?? systemClock.random,
    sleep: optionalFunction<Clock["sleep"]>("clock.sleep", clock.sleep) ?? systemClock.sleep,
  };
}

/** Validates options and fills in defaults. Throws an Error naming the option and its accepted range. */
export function resolveOptions(options: ResilienceOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const raw = plainObject("options", options) as Record<string, unknown>;
  onlyKnownKeys("", raw, OPTION_NAMES);
  return {
    maxAttempts: integerAtLeast("maxAttempts", raw.maxAttempts, 1, defaults.DEFAULT_MAX_ATTEMPTS),
    backoff: resolveBackoff(raw.backoff),
    maxRetryAfterMs: nonNegativeFinite("maxRetryAfterMs", raw.maxRetryAfterMs, defaults.DEFAULT_MAX_RETRY_AFTER_MS),
    retryBudget: resolveRetryBudget(raw.retryBudget),
    classify: optionalFunction<CustomClassifier>("classify", raw.classify),
    hooks: resolveHooks(raw.hooks),
    debug: booleanOption("debug", raw.debug, env[defaults.DEBUG_ENV_VARIABLE] === "1"),
    logger: resolveLogger(raw.logger),
    circuitBreaker: resolveCircuitBreaker(raw.circuitBreaker),
    deadlineMs: positiveFinite("deadlineMs", raw.deadlineMs),
    operations: resolveOperations(raw.operations),
    retryNonIdempotent: booleanOption("retryNonIdempotent", raw.retryNonIdempotent, true),
    retryPartialFailures: booleanOption("retryPartialFailures", raw.retryPartialFailures, false),
    rateLimiter: resolveRateLimiter(raw.rateLimiter),
    clock: resolveClock(raw.clock),
  };
}
