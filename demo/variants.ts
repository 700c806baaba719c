/**
 * The two variants of the comparison and how each wires retries into a client.
 * @packageDocumentation
 */

import { createResilience } from "../src";
import type { VariantId } from "./metrics";
import { ObservedSdkRetryStrategy } from "./sdkRetry";
import { createWatchedMetricsSink } from "./watchedMetrics";
import type { ClientSettings, ServiceClient, ServiceDefinition, Stream } from "./workload";

/** One side of the comparison. */
export interface Variant {
  id: VariantId;
  label: string;
  /** How retries are configured, for the report. */
  description: string;
  /** Builds the service's client for `stream`, retries wired and reporting to the stream. */
  createClient(service: ServiceDefinition, settings: ClientSettings, stream: Stream, random: () => number): ServiceClient;
}

export const VARIANTS: Readonly<Record<VariantId, Variant>> = {
  "sdk-standard": {
    id: "sdk-standard",
    label: "SDK standard retry",
    description:
      "Each client's own default StandardRetryStrategy (retryMode standard, maxAttempts 3), observed from outside; " +
      "only its jitter's Math.random is replaced by a seeded generator (same formula). The SMS Voice v1 client's " +
      "older SDK line makes a new strategy, and so a new retry budget, for every call.",
    createClient(service, settings, stream, random) {
      // A client built without retryStrategy hands out the SDK's default; the demo's client uses it, observed.
      const pristine = service.createClient(settings);
      const observed = new ObservedSdkRetryStrategy(pristine.retryStrategyProvider, random, stream);
      pristine.destroy();
      return service.createClient({ ...settings, retryStrategy: observed });
    },
  },
  "smithy-resilience": {
    id: "smithy-resilience",
    label: "smithy-resilience",
    description:
      "createResilience() with default options, hooks feeding the report, a metrics sink of the demo's own for the " +
      "dashboard figures, and the stream's virtual clock (now, and sleep for the rate limiter's pacing) and seeded clock.random.",
    createClient(service, settings, stream, random) {
      const sink = createWatchedMetricsSink(service.operation, stream);
      // One instance per stream: budgets and breakers are per service anyway, and a stream's own clock keeps
      // breaker timings and jitter deterministic.
      const resilience = createResilience({
        // The stream's sleep moves its virtual clock and tells backoffs from the rate limiter's pacing.
        clock: { now: stream.clock.now, sleep: stream.sleep, random },
        hooks: {
          onRetry: (event) => stream.onRetry(event.errorClass, event.delayMs),
          onGiveUp: (event) => stream.onGiveUp(event.reason),
          onCircuitStateChange: (event) => stream.onCircuitStateChange(event.from, event.to),
        },
        // What a user would put on a dashboard, through the library's metrics interface like any sink.
        metrics: sink,
      });
      stream.watchGauges(sink.read);
      const client = service.createClient({ ...settings, retryStrategy: resilience.retryStrategy });
      client.use(resilience.plugin);
      return client;
    },
  },
};
