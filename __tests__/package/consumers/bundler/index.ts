/**
 * A consumer of the packed tarball: a bundled project under `moduleResolution: bundler`
 * (the `import` condition).
 * Type-checked by scripts/checkPackage.mjs with smithy-resilience extracted into node_modules; never run.
 */
import type { RetryStrategyV2 } from "@smithy/types";
import { CircuitOpenError, createResilience } from "smithy-resilience";
import type { ResilienceOptions, RetryEvent } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";
import type { Emulator } from "smithy-resilience/testing";
import { metrics } from "@opentelemetry/api";
import { openTelemetryMetrics } from "smithy-resilience/otel";
import type { OpenTelemetryMetricsOptions } from "smithy-resilience/otel";
import { cloudWatchMetrics, CLOUDWATCH_METRICS } from "smithy-resilience/cloudwatch";
import type { CloudWatchMetricsOptions, CloudWatchMetricsSink } from "smithy-resilience/cloudwatch";

const retries: RetryEvent[] = [];
const options: ResilienceOptions = { maxAttempts: 4, hooks: { onRetry: (e) => retries.push(e) } };
const r = createResilience(options);
export const strategy: RetryStrategyV2 = r.retryStrategy;

const otelOptions: OpenTelemetryMetricsOptions = { meter: metrics.getMeter("consumer") };
export const withOpenTelemetry = createResilience({ metrics: openTelemetryMetrics(otelOptions) });

const cloudWatchOptions: CloudWatchMetricsOptions = { namespace: "MyApp/Messaging", output: "stdout" };
const cloudWatch: CloudWatchMetricsSink = cloudWatchMetrics(cloudWatchOptions);
export const withCloudWatch = createResilience({ metrics: [cloudWatch] });
export const handler = cloudWatch.withFlush(async (event: { n: number }): Promise<number> => event.n);
export const metricNames: string[] = CLOUDWATCH_METRICS.map((m) => m.name);

export function describeError(error: unknown): string {
  return error instanceof CircuitOpenError ? `${error.service} in ${error.region}: retry in ${error.retryAfterMs} ms` : String(error);
}

export async function emulatorEndpoint(): Promise<string> {
  const emulator: Emulator = await startEmulator();
  await emulator.close();
  return emulator.endpoint;
}

// The imports are typed, not `any`: a wrong option type is refused.
// @ts-expect-error: maxAttempts is a number.
createResilience({ maxAttempts: "4" });
// @ts-expect-error: meter is an OpenTelemetry Meter.
openTelemetryMetrics({ meter: "smithy-resilience" });
// @ts-expect-error: the namespace is required.
cloudWatchMetrics({ output: "agent" });
