/**
 * What `smithy-resilience/cloudwatch` writes: metric names, units and dimension sets (one table, read by
 * the adapter and by the tests of the README's metrics table and alarm recipes), and its defaults.
 */

/** The agent endpoint when neither the option nor `AWS_EMF_AGENT_ENDPOINT` gives one: the agent's default port. */
export const DEFAULT_AGENT_ENDPOINT = "tcp://127.0.0.1:25888";
/** The log group records go to through the agent when neither the option nor `AWS_EMF_LOG_GROUP_NAME` names one. */
export const DEFAULT_LOG_GROUP_NAME = "smithy-resilience-metrics";

/** The dimension names the adapter writes. */
export const DIMENSION = {
  service: "Service",
  operation: "Operation",
  errorClass: "ErrorClass",
  reason: "Reason",
} as const;

/** A member on every record that is not a dimension (kept in the log, not part of a metric's identity). */
export const REGION_PROPERTY = "Region";

/** The metric names the adapter writes. */
export const METRIC = {
  calls: "Calls",
  attempts: "Attempts",
  retries: "Retries",
  giveUps: "GiveUps",
  throttles: "Throttles",
  circuitOpen: "CircuitOpen",
  latency: "Latency",
  queueWait: "QueueWait",
} as const;

/** One metric of {@link CLOUDWATCH_METRICS}. */
export interface CloudWatchMetricDescription {
  /** The metric name, e.g. "GiveUps". */
  readonly name: string;
  /** Its CloudWatch unit. */
  readonly unit: "Count" | "Milliseconds";
  /**
   * The dimension sets it is written with. The `dimensions` option's names come first in every set, e.g.
   * `["Environment", "Service", "Operation"]`.
   */
  readonly dimensionSets: readonly (readonly string[])[];
  /** What one data point counts or measures. */
  readonly description: string;
}

const { service: S, operation: O, errorClass: E, reason: R } = DIMENSION;

/** The dimension sets of a record per service + operation: the operation and its service's roll-up. */
export const OPERATION_SETS: readonly (readonly string[])[] = [[S, O], [S]];
/** The dimension sets of the retries-by-class record. */
export const ERROR_CLASS_SETS: readonly (readonly string[])[] = [[S, O, E], [S, E]];
/** The dimension sets of the give-ups-by-reason record. */
export const REASON_SETS: readonly (readonly string[])[] = [[S, O, R], [S, R]];

/**
 * Every metric `cloudWatchMetrics()` writes, with its unit and dimension sets. `Retries` and `GiveUps`
 * are written twice: as totals per operation and service, and broken down by `ErrorClass` or `Reason`.
 */
export const CLOUDWATCH_METRICS: readonly CloudWatchMetricDescription[] = [
  { name: METRIC.calls, unit: "Count", dimensionSets: OPERATION_SETS, description: "Calls that ended: `send()`s that succeeded or gave up." },
  { name: METRIC.attempts, unit: "Count", dimensionSets: OPERATION_SETS, description: "Requests sent (attempts), first ones and retries." },
  {
    name: METRIC.retries,
    unit: "Count",
    dimensionSets: [...OPERATION_SETS, ...ERROR_CLASS_SETS],
    description: "Retries decided; by `ErrorClass` (THROTTLING or TRANSIENT) too.",
  },
  {
    name: METRIC.giveUps,
    unit: "Count",
    dimensionSets: [...OPERATION_SETS, ...REASON_SETS],
    description: "Calls that failed for good; by `Reason` (max-attempts, non-retryable, circuit-open, …) too.",
  },
  { name: METRIC.throttles, unit: "Count", dimensionSets: OPERATION_SETS, description: "Attempts that failed with a THROTTLING error." },
  {
    name: METRIC.circuitOpen,
    unit: "Count",
    dimensionSets: OPERATION_SETS,
    description: "Calls refused by an open circuit breaker, before any request.",
  },
  {
    name: METRIC.latency,
    unit: "Milliseconds",
    dimensionSets: OPERATION_SETS,
    description: "Duration of each call that ended, all attempts and backoffs included.",
  },
  {
    name: METRIC.queueWait,
    unit: "Milliseconds",
    dimensionSets: OPERATION_SETS,
    description: "Time an attempt waited for its turn under the rate limiter, for each attempt that waited.",
  },
];
