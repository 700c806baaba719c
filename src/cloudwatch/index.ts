/**
 * `smithy-resilience/cloudwatch`: the library's metrics as CloudWatch Embedded Metric Format (EMF) log
 * records, for `createResilience({ metrics: cloudWatchMetrics({ namespace }) })`. Records are built and
 * written by `aws-embedded-metrics` (an optional peer dependency of this package; a program that does
 * not import this entry point does not need it): to standard output in Lambda, where the Lambda service
 * turns them into metrics, and to the CloudWatch agent's EMF endpoint (TCP or UDP) on a host.
 *
 * Counts are summed and durations collected per service + operation + region, and written as one record
 * per operation (plus one per retry class and give-up reason) when the sink flushes: on `flush()`, at
 * the end of a handler wrapped with `withFlush`, every `flushIntervalMs` through a timer that does not
 * keep the process alive, and before the process exits. Dimensions are bounded: the service, the
 * operation, an error class, a give-up reason and your own constant `dimensions`; never a request id,
 * an endpoint or anything of a request's content.
 * @packageDocumentation
 * @module smithy-resilience/cloudwatch
 */
import { MetricsLogger } from "aws-embedded-metrics";
import type { AttemptEvent, GiveUpEvent, MetricsSink, RetryEvent, SuccessEvent } from "../types";
import { DEFAULT_AGENT_ENDPOINT, DEFAULT_LOG_GROUP_NAME, DIMENSION, METRIC, REGION_PROPERTY } from "./names";
import type { Transport } from "./transport";
import { agentTransport, checkAgentEndpoint, stdoutTransport } from "./transport";
import { Window } from "./window";

export { CLOUDWATCH_METRICS, DEFAULT_AGENT_ENDPOINT, DEFAULT_LOG_GROUP_NAME } from "./names";
export type { CloudWatchMetricDescription } from "./names";

/** How often a sink writes what it holds, ms, unless told otherwise. */
export const DEFAULT_FLUSH_INTERVAL_MS = 10_000;
/** Duration values a sink holds before it writes them without waiting for the interval. */
const MAX_HELD_VALUES = 10_000;
/** The largest timer delay Node honours (2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/** Where records go. */
export type CloudWatchOutput = "auto" | "stdout" | "agent";

/** Options of {@link cloudWatchMetrics}. */
export interface CloudWatchMetricsOptions {
  /** The CloudWatch namespace of every metric, e.g. "MyApp/Messaging". Required; "AWS/…" is reserved. */
  namespace: string;
  /**
   * Constant dimensions added to every dimension set, e.g. `{ Environment: "prod" }`. Each adds to the
   * identity of every metric (and to the custom-metric bill); keep them few and constant. The names
   * the adapter writes itself (Service, Operation, ErrorClass, Reason, Region and the metric names)
   * are refused.
   */
  dimensions?: Readonly<Record<string, string>>;
  /**
   * "stdout": one JSON line per record on standard output (Lambda; or a log pipeline that marks the
   * lines as EMF). "agent": the CloudWatch agent's EMF endpoint. "auto" (default): as
   * `AWS_EMF_ENVIRONMENT` says when set (Local, Lambda: stdout; Agent, EC2, ECS: agent), else stdout
   * when `AWS_LAMBDA_FUNCTION_NAME` is set (Lambda), else the agent.
   */
  output?: CloudWatchOutput;
  /**
   * The agent's EMF endpoint, `tcp://host:port` or `udp://host:port`. Default `AWS_EMF_AGENT_ENDPOINT`,
   * else {@link DEFAULT_AGENT_ENDPOINT}.
   */
  agentEndpoint?: string;
  /** The log group the agent writes records to. Default `AWS_EMF_LOG_GROUP_NAME`, else {@link DEFAULT_LOG_GROUP_NAME}. */
  logGroupName?: string;
  /** The log stream the agent writes records to. Default `AWS_EMF_LOG_STREAM_NAME`, else the agent's own. */
  logStreamName?: string;
  /**
   * Write what was recorded at most this long after its first event, ms, through a timer that does not
   * keep the process alive (`unref`). 0: only on `flush()`, `withFlush` and process exit. Default
   * {@link DEFAULT_FLUSH_INTERVAL_MS}.
   */
  flushIntervalMs?: number;
  /** Write what is held when the process is about to exit (`beforeExit`). Default true. */
  flushOnExit?: boolean;
  /**
   * Told when records could not be written (the agent unreachable, its connection reset); those records
   * are dropped. Called once per outage: again only after a write succeeded. Default: `console.warn`.
   */
  onError?: (error: unknown) => void;
}

/** A metrics sink that writes CloudWatch EMF; give it to `createResilience({ metrics })`. */
export interface CloudWatchMetricsSink extends MetricsSink {
  /** Where its records go, as resolved from `output`. */
  readonly output: "stdout" | "agent";
  /** The agent endpoint, when `output` is "agent". */
  readonly agentEndpoint: string | undefined;
  /** Writes what it holds now. Never rejects: a failed write goes to `onError`. */
  flush(): Promise<void>;
  /**
   * Wraps an async handler (a Lambda handler, a queue consumer) so that the metrics of each invocation
   * are written before the invocation ends, whatever the handler returns or throws.
   */
  withFlush<A extends unknown[], R>(handler: (...args: A) => R | PromiseLike<R>): (...args: A) => Promise<Awaited<R>>;
  /** Flushes, then ends the agent connection so the process can exit at once; a later write opens another. */
  close(): Promise<void>;
}

/** Names a user dimension may not take: the adapter's own members of a record. */
const RESERVED_NAMES = new Set<string>([...Object.values(DIMENSION), REGION_PROPERTY, ...Object.values(METRIC), "_aws"]);

/** Sinks holding records, written by the one `beforeExit` listener. */
const pendingAtExit = new Set<() => Promise<void>>();
let exitListener: (() => void) | undefined;

function registerForExit(flush: () => Promise<void>): void {
  pendingAtExit.add(flush);
  if (exitListener !== undefined) return;
  exitListener = () => {
    const flushes = [...pendingAtExit];
    pendingAtExit.clear();
    // The writes keep the event loop busy, so the process exits once they are done ("beforeExit" fires
    // again, with nothing left to write).
    for (const f of flushes) void f();
  };
  process.on("beforeExit", exitListener);
}

function defaultOnError(error: unknown): void {
  console.warn("smithy-resilience/cloudwatch: could not write metrics; these records are dropped:", error);
}

function resolveOutput(output: CloudWatchOutput): "stdout" | "agent" {
  if (output !== "auto") return output;
  switch (process.env.AWS_EMF_ENVIRONMENT) {
    case "Local":
    case "Lambda":
      return "stdout";
    case "Agent":
    case "EC2":
    case "ECS":
      return "agent";
    default:
      return process.env.AWS_LAMBDA_FUNCTION_NAME ? "stdout" : "agent";
  }
}

function fail(message: string): never {
  throw new TypeError(`cloudWatchMetrics: ${message}`);
}

function checkOptions(options: CloudWatchMetricsOptions): void {
  if (typeof options !== "object" || options === null) fail("expected an options object with a namespace, e.g. { namespace: \"MyApp/Messaging\" }.");
  const known = new Set(["namespace", "dimensions", "output", "agentEndpoint", "logGroupName", "logStreamName", "flushIntervalMs", "flushOnExit", "onError"]);
  for (const key of Object.keys(options)) if (!known.has(key)) fail(`unknown option ${JSON.stringify(key)}; the options are ${[...known].join(", ")}.`);
  const { namespace, dimensions, output, flushIntervalMs } = options;
  if (typeof namespace !== "string" || namespace.trim() === "") fail("namespace must be a non-empty string, e.g. \"MyApp/Messaging\".");
  if (namespace.startsWith("AWS/")) fail(`namespace ${JSON.stringify(namespace)}: names starting with "AWS/" are reserved for AWS services.`);
  if (dimensions !== undefined) {
    if (typeof dimensions !== "object" || dimensions === null || Array.isArray(dimensions)) fail("dimensions must be an object of names to string values.");
    for (const [name, value] of Object.entries(dimensions)) {
      if (RESERVED_NAMES.has(name)) fail(`dimensions: ${JSON.stringify(name)} is a name the adapter writes itself.`);
      if (typeof value !== "string") fail(`dimensions.${name} must be a string.`);
    }
  }
  if (output !== undefined && output !== "auto" && output !== "stdout" && output !== "agent") fail(`output must be "auto", "stdout" or "agent", not ${JSON.stringify(output)}.`);
  if (flushIntervalMs !== undefined && !(Number.isInteger(flushIntervalMs) && flushIntervalMs >= 0 && flushIntervalMs <= MAX_TIMER_MS)) {
    fail(`flushIntervalMs must be an integer from 0 to ${MAX_TIMER_MS}, not ${String(flushIntervalMs)}.`);
  }
  for (const key of ["agentEndpoint", "logGroupName", "logStreamName"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "string") fail(`${key} must be a string.`);
  }
  if (options.flushOnExit !== undefined && typeof options.flushOnExit !== "boolean") fail("flushOnExit must be a boolean.");
  if (options.onError !== undefined && typeof options.onError !== "function") fail("onError must be a function.");
}

/**
 * A metrics sink writing CloudWatch Embedded Metric Format through `aws-embedded-metrics`: Calls,
 * Attempts, Retries, GiveUps, Throttles, CircuitOpen (Count), Latency and QueueWait (Milliseconds), per
 * Service and Operation and per Service alone, with Retries also per ErrorClass and GiveUps per Reason;
 * see {@link CLOUDWATCH_METRICS}.
 *
 * @example Lambda: stdout, written at the end of each invocation
 * ```ts
 * const metrics = cloudWatchMetrics({ namespace: "MyApp/Messaging" });
 * const r = createResilience({ metrics });
 * const client = new PinpointClient({ retryStrategy: r.retryStrategy });
 * client.middlewareStack.use(r.plugin);
 * export const handler = metrics.withFlush(async (event: SendEvent) => client.send(new SendMessagesCommand(event.input)));
 * ```
 *
 * @throws TypeError for a missing or reserved namespace, a reserved or invalid dimension, an unknown
 * option, or an agent endpoint other than `tcp://host:port` / `udp://host:port`.
 */
export function cloudWatchMetrics(options: CloudWatchMetricsOptions): CloudWatchMetricsSink {
  checkOptions(options);
  const namespace = options.namespace;
  const userDimensions: Readonly<Record<string, string>> = { ...options.dimensions };
  const output = resolveOutput(options.output ?? "auto");
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const onError = options.onError ?? defaultOnError;
  const flushOnExit = options.flushOnExit !== false;

  // Report a failure once per outage: again only after a write succeeded.
  let failing = false;
  const failed = (error: unknown): void => {
    if (failing) return;
    failing = true;
    try {
      onError(error);
    } catch {
      // An onError that throws must not break the write loop or a timer.
    }
  };

  let agentEndpoint: string | undefined;
  let transport: Transport;
  if (output === "agent") {
    agentEndpoint = options.agentEndpoint ?? process.env.AWS_EMF_AGENT_ENDPOINT ?? DEFAULT_AGENT_ENDPOINT;
    checkAgentEndpoint(agentEndpoint);
    const logGroupName = options.logGroupName ?? process.env.AWS_EMF_LOG_GROUP_NAME ?? DEFAULT_LOG_GROUP_NAME;
    transport = agentTransport(agentEndpoint, logGroupName, options.logStreamName ?? process.env.AWS_EMF_LOG_STREAM_NAME, failed);
  } else {
    transport = stdoutTransport();
  }

  // The library validates names the way CloudWatch will: try them now, so a bad one fails here, not at
  // every flush.
  try {
    const probe = new MetricsLogger(transport.provider);
    probe.setNamespace(namespace);
    probe.setDimensions([{ ...userDimensions, [DIMENSION.service]: "Pinpoint", [DIMENSION.operation]: "SendMessages", [DIMENSION.reason]: "max-attempts" }]);
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} (namespace ${JSON.stringify(namespace)}, dimensions ${JSON.stringify(userDimensions)}).`);
  }

  let window: Window | undefined;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  async function write(w: Window): Promise<void> {
    let records;
    try {
      records = w.records(userDimensions);
    } catch (error) {
      failed(error);
      return;
    }
    for (const record of records) {
      try {
        transport.beforeWrite();
        const logger = new MetricsLogger(transport.provider);
        logger.setNamespace(namespace);
        logger.setDimensions(record.dimensionSets);
        logger.setTimestamp(w.startedAt);
        logger.setProperty(REGION_PROPERTY, record.region);
        for (const metric of record.metrics) for (const value of metric.values) logger.putMetric(metric.name, value, metric.unit);
        await logger.flush();
        failing = false;
      } catch (error) {
        failed(error);
      }
    }
  }

  function flush(): Promise<void> {
    const w = window;
    window = undefined;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    pendingAtExit.delete(atExit);
    if (w === undefined) return chain;
    chain = chain.then(() => write(w));
    return chain;
  }

  /** The window the next event adds to; opening one starts the timer and the exit registration. */
  function current(): Window {
    if (window !== undefined) return window;
    window = new Window(Date.now());
    if (flushIntervalMs > 0) {
      timer = setTimeout(() => void flush(), flushIntervalMs);
      timer.unref();
    }
    if (flushOnExit) registerForExit(atExit);
    return window;
  }

  /** At exit: write, then end the agent connection, which would otherwise hold the process for its idle timeout. */
  async function atExit(): Promise<void> {
    await flush();
    transport.close();
  }

  function after(w: Window): void {
    if (w.values >= MAX_HELD_VALUES) void flush();
  }

  const sink: CloudWatchMetricsSink = {
    output,
    agentEndpoint,
    onAttempt(e: AttemptEvent) {
      const w = current();
      w.attempt(e);
      after(w);
    },
    onRetry(e: RetryEvent) {
      current().retry(e);
    },
    onSuccess(e: SuccessEvent) {
      const w = current();
      w.success(e);
      after(w);
    },
    onGiveUp(e: GiveUpEvent) {
      const w = current();
      w.giveUp(e);
      after(w);
    },
    flush,
    withFlush<A extends unknown[], R>(handler: (...args: A) => R | PromiseLike<R>) {
      return async (...args: A): Promise<Awaited<R>> => {
        try {
          return await handler(...args);
        } finally {
          await flush();
        }
      };
    },
    close: atExit,
  };
  return sink;
}
