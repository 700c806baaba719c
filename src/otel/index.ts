/**
 * `smithy-resilience/otel`: the library's metrics through the OpenTelemetry metrics API, for
 * `createResilience({ metrics: openTelemetryMetrics() })`. Needs `@opentelemetry/api` and
 * `@opentelemetry/semantic-conventions` (optional peer dependencies of this package); a program that
 * does not import this entry point needs neither.
 *
 * It records the RPC client call duration of the OpenTelemetry semantic conventions v1.45.0
 * (`rpc.client.call.duration`), the library's own retry, throttling, breaker and pacing signals under
 * `smithy_resilience.*`, and gauges read from the instance's snapshot. Attributes are bounded: the
 * service and operation (`rpc.method`), the region, an error's name or class, a give-up reason, a
 * breaker state; never a request id, an endpoint host or anything of a request's content. It creates no
 * span (`@opentelemetry/instrumentation-aws-sdk` makes one per `send()`).
 * @packageDocumentation
 * @module smithy-resilience/otel
 */
import type { Attributes, BatchObservableResult, Counter, Histogram, Meter, ObservableGauge } from "@opentelemetry/api";
import { createNoopMeter, metrics, ValueType } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_SYSTEM_NAME,
  ERROR_TYPE_VALUE_OTHER,
  METRIC_RPC_CLIENT_CALL_DURATION,
} from "@opentelemetry/semantic-conventions";
import type {
  AttemptEvent,
  CircuitStateChangeEvent,
  ErrorClass,
  GiveUpEvent,
  GiveUpReason,
  MetricsSink,
  OperationRef,
  RetryEvent,
  RouteSnapshot,
  SnapshotSource,
  SuccessEvent,
} from "../types";
import { gaugesOf } from "./gauges";
import type { QuotaGauges } from "./gauges";
import {
  ATTEMPT_BUCKETS,
  ATTR,
  ATTR_CLOUD_REGION_COPY,
  DURATION_BUCKETS_S,
  METRIC,
  RPC_METHOD_OTHER,
  RPC_SYSTEM_NAME_AWS_API,
  WAIT_BUCKETS_S,
} from "./names";
import { VERSION } from "./version";

/** Options of {@link openTelemetryMetrics}. */
export interface OpenTelemetryMetricsOptions {
  /**
   * The meter to record with. Default: the global meter provider's meter `smithy-resilience` (this
   * package's version). While no global provider is registered the adapter records nothing and looks
   * again on the next event, so a provider registered after `openTelemetryMetrics()` is still used.
   */
  meter?: Meter;
}

/** The instrumentation scope name of the default meter. */
const METER_NAME = "smithy-resilience";
/** The service, operation or region of an event the library could not name (see `OperationRef`). */
const UNKNOWN = "unknown";
/** Distinct `error.type` values kept; later new names are recorded as `_OTHER`. */
const MAX_ERROR_TYPES = 100;
/** An error name fit for `error.type`: an identifier, e.g. "TooManyRequestsException", "ECONNRESET", "TimeoutError". */
const ERROR_TYPE_PATTERN = /^[A-Za-z_$][\w$.:-]{0,99}$/;
/** Attribute sets kept per service + operation + region; beyond, they are built per event. */
const MAX_CACHED_ROUTES = 1000;

/** Attribute sets of one service + operation + region, built once. */
interface OperationAttributes {
  /** `rpc.method`, `cloud.region`: the library's per-operation metrics. */
  readonly base: Attributes;
  /** `rpc.system.name`, `rpc.method`, `cloud.region`: `rpc.client.call.duration` of a call that succeeded. */
  readonly call: Attributes;
  /** `base` + `error.type`, by error type (a failed attempt). */
  readonly failedAttempt: Map<string, Attributes>;
  /** `call` + `error.type`, by error type (a call that failed). */
  readonly failedCall: Map<string, Attributes>;
  /** `base` + the error class, by class (retries). */
  readonly byClass: Map<ErrorClass, Attributes>;
  /** `base` + reason + error class (give-ups). */
  readonly byReason: Map<string, Attributes>;
}

/** Builds and keeps the attribute sets: bounded values only, each set frozen and reused. */
class AttributeSets {
  private readonly operations = new Map<string, OperationAttributes>();
  private readonly errorTypes = new Set<string>();

  /** The last operation looked up: most events in a row are of one operation. */
  private last: { service: string; operation: string; region: string | undefined; sets: OperationAttributes } | undefined;

  of(ref: OperationRef): OperationAttributes {
    const last = this.last;
    if (last !== undefined && last.operation === ref.operation && last.service === ref.service && last.region === ref.region) return last.sets;
    const sets = this.lookUp(ref);
    this.last = { service: ref.service, operation: ref.operation, region: ref.region, sets };
    return sets;
  }

  private lookUp(ref: OperationRef): OperationAttributes {
    const region = ref.region ?? UNKNOWN;
    const key = `${ref.service}\u0000${ref.operation}\u0000${region}`;
    const found = this.operations.get(key);
    if (found !== undefined) return found;
    const method = ref.service === UNKNOWN || ref.operation === UNKNOWN ? RPC_METHOD_OTHER : `${ref.service}/${ref.operation}`;
    const base: Attributes = region === UNKNOWN ? { [ATTR_RPC_METHOD]: method } : { [ATTR_RPC_METHOD]: method, [ATTR_CLOUD_REGION_COPY]: region };
    const built: OperationAttributes = {
      base: Object.freeze(base),
      call: Object.freeze({ [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_AWS_API, ...base }),
      failedAttempt: new Map(),
      failedCall: new Map(),
      byClass: new Map(),
      byReason: new Map(),
    };
    if (this.operations.size < MAX_CACHED_ROUTES) this.operations.set(key, built);
    return built;
  }

  /** `error.type` for an error name: the name itself if it looks like one and the set is not full, else `_OTHER`. */
  errorType(name: string): string {
    if (this.errorTypes.has(name)) return name;
    if (!ERROR_TYPE_PATTERN.test(name) || this.errorTypes.size >= MAX_ERROR_TYPES) return ERROR_TYPE_VALUE_OTHER;
    this.errorTypes.add(name);
    return name;
  }

  withError(sets: Map<string, Attributes>, of: Attributes, errorName: string): Attributes {
    const type = this.errorType(errorName);
    let found = sets.get(type);
    if (found === undefined) {
      found = Object.freeze({ ...of, [ATTR_ERROR_TYPE]: type });
      sets.set(type, found);
    }
    return found;
  }

  withClass(a: OperationAttributes, errorClass: ErrorClass): Attributes {
    let found = a.byClass.get(errorClass);
    if (found === undefined) {
      found = Object.freeze({ ...a.base, [ATTR.errorClass]: errorClass });
      a.byClass.set(errorClass, found);
    }
    return found;
  }

  withReason(a: OperationAttributes, reason: GiveUpReason, errorClass: ErrorClass): Attributes {
    const key = `${reason}/${errorClass}`;
    let found = a.byReason.get(key);
    if (found === undefined) {
      found = Object.freeze({ ...a.base, [ATTR.reason]: reason, [ATTR.errorClass]: errorClass });
      a.byReason.set(key, found);
    }
    return found;
  }
}

/** Attributes of a service + region: the gauges and the breaker transitions. */
function serviceRegion(service: string, region: string): Attributes {
  return region === UNKNOWN ? { [ATTR.service]: service } : { [ATTR.service]: service, [ATTR_CLOUD_REGION_COPY]: region };
}

/** The instruments on one meter, and the gauges' callback over the attached instances. */
class Instruments {
  readonly callDuration: Histogram;
  readonly attemptDuration: Histogram;
  readonly callAttempts: Histogram;
  readonly retries: Counter;
  readonly giveUps: Counter;
  readonly throttles: Counter;
  readonly breakerRejections: Counter;
  readonly breakerTransitions: Counter;
  readonly limiterWait: Histogram;

  constructor(meter: Meter, sources: ReadonlySet<SnapshotSource>) {
    this.callDuration = meter.createHistogram(METRIC_RPC_CLIENT_CALL_DURATION, {
      description: "Duration of an AWS API call (one send(): every attempt and backoff).",
      unit: "s",
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_S] },
    });
    this.attemptDuration = meter.createHistogram(METRIC.attemptDuration, {
      description: "Duration of one attempt of an AWS API call, request to response or error.",
      unit: "s",
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_S] },
    });
    this.callAttempts = meter.createHistogram(METRIC.callAttempts, {
      description: "Attempts a call made, the last included; 0 when it was refused before any request.",
      unit: "{attempt}",
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...ATTEMPT_BUCKETS] },
    });
    this.retries = meter.createCounter(METRIC.retries, { description: "Failed attempts that are retried, by error class.", unit: "{retry}", valueType: ValueType.INT });
    this.giveUps = meter.createCounter(METRIC.giveUps, { description: "Calls that failed for good, by reason and error class.", unit: "{call}", valueType: ValueType.INT });
    this.throttles = meter.createCounter(METRIC.throttles, { description: "Attempts answered with a throttling error.", unit: "{attempt}", valueType: ValueType.INT });
    this.breakerRejections = meter.createCounter(METRIC.breakerRejections, {
      description: "Calls refused by an open circuit breaker, before any request.",
      unit: "{call}",
      valueType: ValueType.INT,
    });
    this.breakerTransitions = meter.createCounter(METRIC.breakerTransitions, {
      description: "Circuit breaker state changes, by the state entered.",
      unit: "{transition}",
      valueType: ValueType.INT,
    });
    this.limiterWait = meter.createHistogram(METRIC.limiterWaitDuration, {
      description: "Time an attempt waited for its turn under the adaptive rate limiter, for attempts sent while it paces their quota.",
      unit: "s",
      advice: { explicitBucketBoundaries: [...WAIT_BUCKETS_S] },
    });

    const breakerState = meter.createObservableGauge(METRIC.breakerState, {
      description: "Circuit breaker state, the worst over the service's endpoints in the region: 0 closed, 1 half-open, 2 open.",
      unit: "1",
      valueType: ValueType.INT,
    });
    const limiterRate = meter.createObservableGauge(METRIC.limiterRate, {
      description: "Rate the adaptive rate limiter paces a quota's requests at (the service's, or with rpc.method an operation's own); no point while it does not pace.",
      unit: "{request}/s",
    });
    const queueSize = meter.createObservableGauge(METRIC.limiterQueueSize, {
      description: "Attempts waiting for their turn under the adaptive rate limiter (the service's quota, or with rpc.method an operation's own).",
      unit: "{attempt}",
      valueType: ValueType.INT,
    });
    const budgetAvailable = meter.createObservableGauge(METRIC.budgetAvailable, { description: "Retry budget tokens left.", unit: "{token}" });
    const budgetUtilization = meter.createObservableGauge(METRIC.budgetUtilization, {
      description: "Share of the retry budget spent: 0 full, 1 empty (retries refused).",
      unit: "1",
    });
    meter.addBatchObservableCallback(
      (result: BatchObservableResult) => {
        const instances: RouteSnapshot[][] = [];
        for (const source of sources) {
          try {
            instances.push(source.snapshot().routes);
          } catch {
            // A snapshot that fails reports nothing this time; the collection goes on.
          }
        }
        for (const g of gaugesOf(instances)) {
          const attributes = serviceRegion(g.service, g.region);
          if (g.breakerState !== undefined) result.observe(breakerState, g.breakerState, attributes);
          if (g.budgetAvailable !== undefined) result.observe(budgetAvailable, g.budgetAvailable, attributes);
          if (g.budgetUtilization !== undefined) result.observe(budgetUtilization, g.budgetUtilization, attributes);
          const quotas: Array<[Attributes, QuotaGauges | undefined]> = [[attributes, g.pacing]];
          for (const [operation, quota] of g.operations) quotas.push([{ ...attributes, [ATTR_RPC_METHOD]: `${g.service}/${operation}` }, quota]);
          for (const [quotaAttributes, quota] of quotas) {
            if (quota === undefined) continue;
            if (quota.rate !== undefined) result.observe(limiterRate, quota.rate, quotaAttributes);
            result.observe(queueSize, quota.queueDepth, quotaAttributes);
          }
        }
      },
      [breakerState, limiterRate, queueSize, budgetAvailable, budgetUtilization] as ObservableGauge[],
    );
  }
}

/**
 * A metrics sink that records through the OpenTelemetry metrics API. Pass it to `createResilience`:
 *
 * ```ts
 * import { createResilience } from "smithy-resilience";
 * import { openTelemetryMetrics } from "smithy-resilience/otel";
 *
 * const r = createResilience({ metrics: openTelemetryMetrics() });
 * ```
 *
 * Per call: `rpc.client.call.duration` (s; `rpc.system.name` "aws-api", `rpc.method` e.g.
 * "Pinpoint/SendMessages", `cloud.region`, and `error.type` when the call failed) and
 * `smithy_resilience.call.attempts`; per attempt: `smithy_resilience.attempt.duration`,
 * `smithy_resilience.limiter.wait.duration`, `smithy_resilience.throttles`; per retry and give-up:
 * `smithy_resilience.retries` (by error class), `smithy_resilience.give_ups` (by reason),
 * `smithy_resilience.breaker.rejections`; and, per service + region, the gauges
 * `smithy_resilience.breaker.state`, `.limiter.rate`, `.limiter.queue.size`, `.retry_budget.available`
 * and `.retry_budget.utilization`, read from the snapshot of each instance the sink is attached to.
 * One sink may serve several instances; it keeps a reference to each.
 */
export function openTelemetryMetrics(options: OpenTelemetryMetricsOptions = {}): MetricsSink {
  const sources = new Set<SnapshotSource>();
  const sets = new AttributeSets();
  let bound: Instruments | undefined;
  let noop: Instruments | undefined;

  /** The instruments: on the given meter, else on the global provider's once one is registered. */
  function instruments(): Instruments {
    if (bound !== undefined) return bound;
    const meter = options.meter ?? metrics.getMeter(METER_NAME, VERSION);
    if (options.meter === undefined && meter === createNoopMeter()) return (noop ??= new Instruments(meter, sources));
    bound = new Instruments(meter, sources);
    return bound;
  }

  return {
    attach(source: SnapshotSource): void {
      sources.add(source);
      instruments();
    },
    onAttempt(event: AttemptEvent): void {
      const i = instruments();
      const a = sets.of(event);
      i.attemptDuration.record(event.durationMs / 1000, event.errorName === undefined ? a.base : sets.withError(a.failedAttempt, a.base, event.errorName));
      if (event.errorClass === "THROTTLING") i.throttles.add(1, a.base);
      // Attempts while the limiter paces (or that waited): before any throttling every wait is 0, which
      // attempt.duration's count already tells, and leaving those out saves a record per call.
      if (event.sendRate !== undefined || (event.pacingDelayMs ?? 0) > 0) i.limiterWait.record((event.pacingDelayMs ?? 0) / 1000, a.base);
    },
    onRetry(event: RetryEvent): void {
      instruments().retries.add(1, sets.withClass(sets.of(event), event.errorClass));
    },
    onSuccess(event: SuccessEvent): void {
      const i = instruments();
      const a = sets.of(event);
      i.callDuration.record(event.durationMs / 1000, a.call);
      i.callAttempts.record(event.attempts, a.base);
    },
    onGiveUp(event: GiveUpEvent): void {
      const i = instruments();
      const a = sets.of(event);
      i.callDuration.record(event.durationMs / 1000, sets.withError(a.failedCall, a.call, event.errorName));
      i.callAttempts.record(event.attempts, a.base);
      i.giveUps.add(1, sets.withReason(a, event.reason, event.errorClass));
      // Refused unsent only: a call whose retry the open breaker refused was sent, and counts in give_ups by reason.
      if (event.reason === "circuit-open" && event.attempts === 0) i.breakerRejections.add(1, a.base);
    },
    onCircuitStateChange(event: CircuitStateChangeEvent): void {
      instruments().breakerTransitions.add(1, { ...serviceRegion(event.service, event.region), [ATTR.breakerState]: event.to });
    },
  };
}
