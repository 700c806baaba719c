import type { BackoffPolicy } from "./backoff";
import type { CircuitBreakerPolicy } from "./breaker/CircuitBreaker";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { CustomClassifier } from "./classification";
import * as defaults from "./constants";
import { didYouMean } from "./didYouMean";
import { KNOWN_OPERATIONS, NEAR_OPERATIONS_ELSEWHERE } from "./operationNames";
import type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "./rateLimiter/limiterOptions";
import type { QuotaStore } from "./rateLimiter/QuotaLimiter";
import type { RetryBudgetPolicy } from "./retryBudget";
import { MAX_TIMER_DELAY_MS } from "./timerLimit";
import type {
  JitterMode,
  MetricsSink,
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
  /** Where the limiters keep their quotas; undefined: in this process. */
  store: QuotaStore | undefined;
  clock: Clock;
  redactSdkLogs: boolean;
  /** The metrics sinks, in order, each with the name warnings give it ("metrics", or "metrics[i]" for an array). */
  metrics: readonly ResolvedSink[];
}

/** A metrics sink, validated. */
export interface ResolvedSink {
  /** How the option named it: "metrics" for a single sink, "metrics[i]" for the i-th of an array. */
  readonly name: string;
  readonly sink: MetricsSink;
}

const JITTER_MODES: readonly JitterMode[] = ["full", "equal", "decorrelated", "none"];
/** The listeners of `hooks`, and of a metrics sink besides its `attach`. */
export const HOOK_NAMES = ["onAttempt", "onRetry", "onSuccess", "onGiveUp", "onCircuitStateChange"] as const;
const SINK_MEMBERS = [...HOOK_NAMES, "attach"] as const;
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
  "store",
  "clock",
  "redactSdkLogs",
  "metrics",
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

/** A finite number that `accepts` takes; `expected` names the range in the message. */
function finiteNumber(option: string, value: unknown, fallback: number, accepts: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !accepts(value)) fail(option, expected, value);
  return value;
}

function nonNegativeFinite(option: string, value: unknown, fallback: number): number {
  return finiteNumber(option, value, fallback, (n) => n >= 0, "a finite number >= 0");
}

const TIMER_RANGE = `<= ${MAX_TIMER_DELAY_MS} (setTimeout's limit)`;

/** A duration in ms: finite, >= 0 (or > 0 when `positive`), and within the timer range. */
function durationMs(option: string, value: unknown, positive: boolean): number | undefined {
  if (value === undefined) return undefined;
  const low = positive ? "> 0" : ">= 0";
  if (typeof value !== "number" || !Number.isFinite(value) || (positive ? value <= 0 : value < 0) || value > MAX_TIMER_DELAY_MS) {
    fail(option, `a finite number ${low} and ${TIMER_RANGE}`, value);
  }
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
    if (known.includes(key)) continue;
    const suggestion = didYouMean(key, known);
    fail(`${option}${option ? "." : ""}${key}`, `one of the known options (${known.join(", ")})${suggestion ? `; ${suggestion}` : ""}`, key);
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
  const baseMs = durationMs("backoff.baseMs", backoff.baseMs, false) ?? defaults.DEFAULT_BASE_DELAY_MS;
  const throttlingBaseMs = durationMs("backoff.throttlingBaseMs", backoff.throttlingBaseMs, false) ?? defaults.DEFAULT_THROTTLING_BASE_DELAY_MS;
  const maxMs = durationMs("backoff.maxMs", backoff.maxMs, false) ?? defaults.DEFAULT_MAX_DELAY_MS;
  // A ceiling below a base silently flattens every backoff to the ceiling. The defaults are named, since
  // a lone `maxMs: 500` is refused for the default throttlingBaseMs (1000).
  if (maxMs < Math.max(baseMs, throttlingBaseMs)) {
    fail("backoff.maxMs", `>= backoff.baseMs (${baseMs}) and >= backoff.throttlingBaseMs (${throttlingBaseMs}), the delays it caps`, maxMs);
  }
  return { baseMs, throttlingBaseMs, maxMs, jitter: jitter as JitterMode };
}

function resolveRetryBudget(value: unknown): RetryBudgetPolicy | false {
  if (value === false) return false;
  const budget = plainObject("retryBudget", value);
  onlyKnownKeys("retryBudget", budget, ["capacity", "retryCost", "throttlingCost"]);
  const resolved = {
    capacity: nonNegativeFinite("retryBudget.capacity", budget.capacity, defaults.DEFAULT_BUDGET_CAPACITY),
    retryCost: nonNegativeFinite("retryBudget.retryCost", budget.retryCost, defaults.DEFAULT_BUDGET_RETRY_COST),
    throttlingCost: nonNegativeFinite("retryBudget.throttlingCost", budget.throttlingCost, defaults.DEFAULT_BUDGET_THROTTLING_COST),
    everyService: value !== undefined,
  };
  // A bucket smaller than a retry's cost can never pay for one: every retry would be refused, silently.
  const dearest = Math.max(resolved.retryCost, resolved.throttlingCost);
  if (resolved.capacity < dearest) {
    fail(
      "retryBudget.capacity",
      `>= max(retryCost, throttlingCost) = ${dearest} (retryCost ${resolved.retryCost}, throttlingCost ${resolved.throttlingCost}), or no retry can be paid for`,
      resolved.capacity,
    );
  }
  return resolved;
}

function resolveHooks(value: unknown): ResilienceHooks {
  const hooks = plainObject("hooks", value);
  onlyKnownKeys("hooks", hooks, HOOK_NAMES);
  for (const name of HOOK_NAMES) optionalFunction(`hooks.${name}`, hooks[name]);
  return hooks as ResilienceHooks;
}

/**
 * One sink or an array of them. A sink is an object (a class instance's prototype methods count) whose
 * hook names and `attach`, where present, are functions; it needs at least one, since a sink with none
 * would silently record nothing. Other members are the sink's own business and ignored. The same sink
 * twice would count every event twice.
 */
function resolveMetrics(value: unknown): ResolvedSink[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [{ name: "metrics", sink: resolveSink("metrics", value) }];
  const sinks = value.map((sink: unknown, i) => ({ name: `metrics[${i}]`, sink: resolveSink(`metrics[${i}]`, sink) }));
  sinks.forEach(({ name, sink }, i) => {
    const first = sinks.findIndex((other) => other.sink === sink);
    if (first < i) fail(name, `a sink other than metrics[${first}] (the same sink twice would count every event twice)`, `metrics[${first}]`);
  });
  return sinks;
}

function resolveSink(option: string, value: unknown): MetricsSink {
  const expected = `a metrics sink: an object with at least one of ${SINK_MEMBERS.join(", ")}`;
  if (typeof value === "function") fail(option, `${expected} (the factory's result, e.g. openTelemetryMetrics(), not the factory)`, `function ${value.name}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(option, expected, Array.isArray(value) ? "an array" : value);
  const sink = value as Record<string, unknown>;
  let members = 0;
  for (const member of SINK_MEMBERS) {
    if (optionalFunction(`${option}.${member}`, sink[member]) !== undefined) members++;
  }
  if (members === 0) {
    const keys = Object.keys(sink);
    fail(option, expected, keys.length === 0 ? "{}" : `{ ${keys.join(", ")} }`);
  }
  return value as MetricsSink;
}

function resolveLogger(value: unknown): ResilienceLogger | undefined {
  if (value === undefined) return undefined;
  const logger = plainObject("logger", value);
  const debug = optionalFunction("logger.debug", logger.debug);
  const warn = optionalFunction("logger.warn", logger.warn);
  // Other members are the logger's own business (pino, winston and console have many); but with neither
  // method every line this library writes, warnings included, would vanish.
  if (debug === undefined && warn === undefined) {
    const keys = Object.keys(logger);
    fail("logger", "an object with a debug or a warn function (or both)", keys.length === 0 ? "{}" : `{ ${keys.join(", ")} }`);
  }
  return logger as ResilienceLogger;
}

/** Breaker options of earlier versions whose meaning is gone, and what replaced them (docs/breaker.md). */
const REPLACED_BREAKER_OPTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    failureRatio: '"circuitBreaker.consecutiveFailures" (the breaker opens after that many failed attempts in a row, default 75)',
    minimumCalls: '"circuitBreaker.consecutiveFailures" (the breaker opens after that many failed attempts in a row, default 75)',
    windowMs: '"circuitBreaker.consecutiveFailures" (a run of failed attempts in a row needs no window)',
    openMs: '"circuitBreaker.probeIntervalMs" (an open breaker lets one call through every probeIntervalMs, default 1000)',
    halfOpenProbes: '"circuitBreaker.closeAfterSuccesses" (consecutive successes that close it, default 2)',
  }),
);

function resolveCircuitBreaker(value: unknown): CircuitBreakerPolicy | false {
  if (value === false) return false;
  const breaker = plainObject("circuitBreaker", value);
  for (const key of Object.keys(breaker)) {
    const replacement = REPLACED_BREAKER_OPTIONS.get(key);
    if (replacement !== undefined) throw new Error(`smithy-resilience: option "circuitBreaker.${key}" was replaced by ${replacement}`);
  }
  onlyKnownKeys("circuitBreaker", breaker, ["consecutiveFailures", "probeIntervalMs", "closeAfterSuccesses"]);
  return {
    consecutiveFailures: integerAtLeast(
      "circuitBreaker.consecutiveFailures",
      breaker.consecutiveFailures,
      1,
      defaults.DEFAULT_BREAKER_CONSECUTIVE_FAILURES,
    ),
    probeIntervalMs: durationMs("circuitBreaker.probeIntervalMs", breaker.probeIntervalMs, true) ?? defaults.DEFAULT_BREAKER_PROBE_INTERVAL_MS,
    closeAfterSuccesses: integerAtLeast(
      "circuitBreaker.closeAfterSuccesses",
      breaker.closeAfterSuccesses,
      1,
      defaults.DEFAULT_BREAKER_CLOSE_AFTER_SUCCESSES,
    ),
  };
}

/** Operation names of the tabled services, each once. */
const KNOWN_OPERATION_NAMES: ReadonlySet<string> = new Set(Object.values(KNOWN_OPERATIONS).flat());

/**
 * Refuses a key of `operations` that is almost surely a typo, since a misspelt key silently never applies.
 * Keys are bare operation names and one instance may serve any client, so an unknown name may be a real
 * operation of another service: refusing all unknown names would refuse real uses. Hence only near-misses
 * are refused: within two edits (case-insensitive) of an operation of the tabled services, without being
 * one, nor a real operation elsewhere that happens to be as near (SQS's `SendMessage`). Names far from
 * every known one are accepted. Command class names ("SendMessagesCommand") are refused with the name.
 */
function checkOperationName(name: string): void {
  const expected = "an operation name exactly as the SDK spells it, without \"Command\"";
  if (KNOWN_OPERATION_NAMES.has(name) || NEAR_OPERATIONS_ELSEWHERE.includes(name)) return;
  const stem = name.endsWith("Command") ? name.slice(0, -"Command".length) : undefined;
  if (stem) {
    const suggestion = KNOWN_OPERATION_NAMES.has(stem) ? `did you mean ${stem}?` : didYouMean(stem, KNOWN_OPERATION_NAMES);
    if (suggestion) fail(`operations.${name}`, `${expected}; ${suggestion}`, name);
  }
  const suggestion = didYouMean(name, KNOWN_OPERATION_NAMES);
  if (suggestion) fail(`operations.${name}`, `${expected}; ${suggestion}`, name);
}

function resolveOperations(value: unknown): Record<string, OperationPolicy> {
  const operations = plainObject("operations", value);
  for (const [name, policyValue] of Object.entries(operations)) {
    checkOperationName(name);
    const option = `operations.${name}`;
    const policy = plainObject(option, policyValue);
    onlyKnownKeys(option, policy, ["maxAttempts", "deadlineMs", "idempotent"]);
    integerAtLeast(`${option}.maxAttempts`, policy.maxAttempts, 1, 1);
    durationMs(`${option}.deadlineMs`, policy.deadlineMs, true);
    booleanOption(`${option}.idempotent`, policy.idempotent, true);
  }
  return operations as Record<string, OperationPolicy>;
}

function resolveRateLimiter(value: unknown): "adaptive" | false {
  if (value === undefined) return defaults.DEFAULT_RATE_LIMITER;
  if (value !== "adaptive" && value !== false) fail("rateLimiter", '"adaptive" or false', value);
  return value;
}

/** A store is an object with a `limiter` function; it paces, so it needs the rate limiter on. */
function resolveStore(value: unknown, rateLimiter: "adaptive" | false): QuotaStore | undefined {
  if (value === undefined) return undefined;
  const expected = 'a quota store such as redisStore({ client }) from "smithy-resilience/redis"';
  if (typeof value === "function") fail("store", `${expected} (the factory's result, not the factory)`, `function ${value.name}`);
  if (typeof value !== "object" || value === null || typeof (value as { limiter?: unknown }).limiter !== "function") fail("store", expected, value);
  if (rateLimiter === false) fail("store", 'given with rateLimiter "adaptive" (the default): the store shares the rate limiter\'s quotas, and rateLimiter is false', "a store");
  return value as QuotaStore;
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

export type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "./rateLimiter/limiterOptions";

const LIMITER_OPTION_NAMES = ["beta", "growth", "holdoffMs", "minRate", "burstMs", "bestMemoryMs", "clock", "sleep"] as const;

/** The lowest `rateLimiter.minRate`: its pacing wait, 1000 / minRate ms, is then setTimeout's limit. */
const LOWEST_LIMITER_RATE = 1000 / MAX_TIMER_DELAY_MS;

/** Validates the rate limiter's tuning and fills in defaults. Throws an Error naming the option and its accepted range. */
export function resolveLimiterOptions(options: AdaptiveRateLimiterOptions = {}): ResolvedLimiterOptions {
  const raw = plainObject("rateLimiter", options);
  onlyKnownKeys("rateLimiter", raw, LIMITER_OPTION_NAMES);
  const clock = raw.clock as Pick<Clock, "now"> | undefined;
  if (clock !== undefined && typeof clock?.now !== "function") fail("rateLimiter.clock", "an object with a now() function", clock);
  return {
    beta: finiteNumber("rateLimiter.beta", raw.beta, defaults.DEFAULT_LIMITER_BETA, (n) => n > 0 && n < 1, "a number in (0, 1)"),
    growth: finiteNumber("rateLimiter.growth", raw.growth, defaults.DEFAULT_LIMITER_GROWTH, (n) => n > 0, "a finite number > 0"),
    holdoffMs: durationMs("rateLimiter.holdoffMs", raw.holdoffMs, false) ?? defaults.DEFAULT_LIMITER_HOLDOFF_MS,
    minRate: finiteNumber(
      "rateLimiter.minRate",
      raw.minRate,
      defaults.DEFAULT_LIMITER_MIN_RATE,
      (n) => n >= LOWEST_LIMITER_RATE,
      `a finite number >= ${LOWEST_LIMITER_RATE} (1000 / ${MAX_TIMER_DELAY_MS}: the longest pacing wait, 1000 / minRate ms, must be ${TIMER_RANGE})`,
    ),
    burstMs: durationMs("rateLimiter.burstMs", raw.burstMs, false) ?? defaults.DEFAULT_LIMITER_BURST_MS,
    bestMemoryMs: durationMs("rateLimiter.bestMemoryMs", raw.bestMemoryMs, false) ?? defaults.LIMITER_BEST_MEMORY_MS,
    clock: clock ?? systemClock,
    sleep: optionalFunction<Clock["sleep"]>("rateLimiter.sleep", raw.sleep) ?? systemClock.sleep,
  };
}

/** Validates options and fills in defaults. Throws an Error naming the option and its accepted range. */
export function resolveOptions(options: ResilienceOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const raw = plainObject("options", options) as Record<string, unknown>;
  onlyKnownKeys("", raw, OPTION_NAMES);
  return {
    maxAttempts: integerAtLeast("maxAttempts", raw.maxAttempts, 1, defaults.DEFAULT_MAX_ATTEMPTS),
    backoff: resolveBackoff(raw.backoff),
    maxRetryAfterMs: durationMs("maxRetryAfterMs", raw.maxRetryAfterMs, false) ?? defaults.DEFAULT_MAX_RETRY_AFTER_MS,
    retryBudget: resolveRetryBudget(raw.retryBudget),
    classify: optionalFunction<CustomClassifier>("classify", raw.classify),
    hooks: resolveHooks(raw.hooks),
    debug: booleanOption("debug", raw.debug, env[defaults.DEBUG_ENV_VARIABLE] === "1"),
    logger: resolveLogger(raw.logger),
    circuitBreaker: resolveCircuitBreaker(raw.circuitBreaker),
    deadlineMs: durationMs("deadlineMs", raw.deadlineMs, true),
    operations: resolveOperations(raw.operations),
    retryNonIdempotent: booleanOption("retryNonIdempotent", raw.retryNonIdempotent, true),
    retryPartialFailures: booleanOption("retryPartialFailures", raw.retryPartialFailures, false),
    rateLimiter: resolveRateLimiter(raw.rateLimiter),
    store: resolveStore(raw.store, resolveRateLimiter(raw.rateLimiter)),
    clock: resolveClock(raw.clock),
    redactSdkLogs: booleanOption("redactSdkLogs", raw.redactSdkLogs, defaults.DEFAULT_REDACT_SDK_LOGS),
    metrics: resolveMetrics(raw.metrics),
  };
}
