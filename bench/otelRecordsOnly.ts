/**
 * The OpenTelemetry metrics SDK's own share of the OTel adapter's cost: a plain SDK-standard client with
 * one small middleware, just outside the SDK's retry middleware, that makes the records the adapter makes
 * for a call that succeeds at its first attempt (`rpc.client.call.duration`,
 * `smithy_resilience.attempt.duration`, `smithy_resilience.call.attempts`, with the same attribute sets,
 * frozen and reused, and the same bucket advice), and nothing of this library. Its ratio to SDK standard
 * is about what any adapter recording those instruments costs at least. The entry watches the call with
 * the plugin's own `watch` rather than wrapping it in an async frame (which alone would cost a send one
 * to two µs); without `cacheMiddleware` it still costs a share of each send's stack resolution.
 */
import type { Meter } from "@opentelemetry/api";
import { ATTR_RPC_METHOD, ATTR_RPC_SYSTEM_NAME, METRIC_RPC_CLIENT_CALL_DURATION } from "@opentelemetry/semantic-conventions";
import { ATTEMPT_BUCKETS, ATTR_CLOUD_REGION_COPY, DURATION_BUCKETS_S, METRIC, RPC_SYSTEM_NAME_AWS_API } from "../src/otel/names";
import { watch } from "../src/middleware/watch";

interface Stack {
  addRelativeTo(middleware: never, options: { relation: "before"; toMiddleware: string; name: string }): void;
}

type Result = { output: { $metadata?: { attempts?: number } } };
type Next = (args: unknown) => Promise<Result>;

/** Adds the records to a client's stack, for clean calls to `method` (e.g. "Pinpoint/SendMessages") in `region`. */
export function installOtelRecordsOnly(stack: Stack, meter: Meter, method: string, region: string): void {
  const base = Object.freeze({ [ATTR_RPC_METHOD]: method, [ATTR_CLOUD_REGION_COPY]: region });
  const call = Object.freeze({ [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_AWS_API, ...base });
  const durations = { unit: "s", advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_S] } };
  const callDuration = meter.createHistogram(METRIC_RPC_CLIENT_CALL_DURATION, durations);
  const attemptDuration = meter.createHistogram(METRIC.attemptDuration, durations);
  const callAttempts = meter.createHistogram(METRIC.callAttempts, { advice: { explicitBucketBoundaries: [...ATTEMPT_BUCKETS] } });

  // One entry for the three records: the calls it is measured with succeed at their first attempt, whose
  // duration is then the call's (a second entry, inside the retry loop, would cost more than a record).
  const ignore = () => undefined;
  // The handler is passed inline: tsx, which runs the bench's own files, names every function assigned to a
  // name with a defineProperty each time it is created.
  const recordCall = (next: Next) => (args: unknown) => {
    const startedAt = performance.now();
    return watch(
      next(args),
      (result: Result) => {
        const seconds = (performance.now() - startedAt) / 1000;
        attemptDuration.record(seconds, base);
        callDuration.record(seconds, call);
        callAttempts.record(result.output.$metadata?.attempts ?? 1, base);
      },
      ignore,
      ignore,
    );
  };
  stack.addRelativeTo(recordCall as never, { relation: "before", toMiddleware: "retryMiddleware", name: "benchOtelRecords" });
}
