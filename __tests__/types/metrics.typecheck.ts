/**
 * Compiled by `npm run typecheck`, never run: the README's "Metrics and health" snippets, verbatim, so
 * that they keep type-checking against the public types (the whole Prometheus program is
 * examples/prometheus.ts, run by the examples test).
 */
import http from "node:http";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { createResilience } from "../../src";
import type { MetricsSink, ResilienceSnapshot, SnapshotSource } from "../../src";

declare function openTelemetryMetrics(): MetricsSink;
declare const myOwnSink: MetricsSink;
declare function alert(event: unknown): void;

// The `metrics` option.
createResilience({ metrics: [openTelemetryMetrics(), myOwnSink], hooks: { onGiveUp: alert } });

// The /health endpoint.
{
  const r = createResilience();
  http
    .createServer((request, response) => {
      if (request.url !== "/health") return void response.writeHead(404).end();
      const snapshot = r.snapshot();
      const healthy = snapshot.routes.every((route) => route.breaker?.state !== "open");
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ healthy, ...snapshot }));
    })
    .listen(8080);
}

// The Prometheus sink.
function prometheusMetrics(registry: Registry): MetricsSink {
  const registers = [registry];
  const retries = new Counter({ name: "smithy_resilience_retries_total", help: "Retried attempts, by error class", labelNames: ["service", "operation", "error_class"] as const, registers });
  const giveUps = new Counter({ name: "smithy_resilience_give_ups_total", help: "Calls that failed for good, by reason", labelNames: ["service", "operation", "reason"] as const, registers });
  const callDuration = new Histogram({ name: "smithy_resilience_call_duration_seconds", help: "Whole calls", labelNames: ["service", "operation", "outcome"] as const, registers });
  return {
    onRetry: (e) => retries.inc({ service: e.service, operation: e.operation, error_class: e.errorClass }),
    onSuccess: (e) => callDuration.observe({ service: e.service, operation: e.operation, outcome: "success" }, e.durationMs / 1000),
    onGiveUp: (e) => {
      giveUps.inc({ service: e.service, operation: e.operation, reason: e.reason });
      callDuration.observe({ service: e.service, operation: e.operation, outcome: "give_up" }, e.durationMs / 1000);
    },
    attach: (source) => {
      new Gauge({
        name: "smithy_resilience_circuit_open",
        help: "Routes whose circuit breaker is open",
        labelNames: ["service", "region"] as const,
        registers,
        collect() {
          this.reset();
          for (const route of source.snapshot().routes) {
            if (route.breaker) this.inc({ service: route.service, region: route.region }, route.breaker.state === "open" ? 1 : 0);
          }
        },
      });
    },
  };
}

const registry = new Registry();
createResilience({ metrics: prometheusMetrics(registry) });

// A Resilience is a SnapshotSource; the snapshot's optional parts are typed as such.
const source: SnapshotSource = createResilience();
const snapshot: ResilienceSnapshot = source.snapshot();
const rate: number | undefined = snapshot.routes[0]?.pacing?.operations?.SendMessages?.ratePerSecond;
void rate;

// A hook member that is not a function is refused by the types too.
createResilience({
  // @ts-expect-error: onRetry must be a function.
  metrics: { onRetry: 3 },
});
