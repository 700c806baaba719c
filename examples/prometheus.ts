/**
 * Prometheus metrics with `prom-client`, and a `/health` endpoint, from one resilience instance: a
 * metrics sink counts retries by error class and give-ups by reason and times every call (the same
 * events as the hooks), and gauges read `r.snapshot()` when Prometheus scrapes. The emulator answers
 * the first `SendMessages` with a 500 (retried, then delivered) and the second with a 400 (not
 * retried); the program then prints what `GET /metrics` and `GET /health` answer.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/prometheus.ts
 *
 * With `ENDPOINT` set (e.g. `npx smithy-resilience-emulator --port 4566`), it sends there instead of to
 * an emulator of its own.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { createResilience } from "smithy-resilience";
import type { MetricsSink, Resilience } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";

/**
 * A metrics sink writing to a prom-client registry. Labels are names and classes only (service,
 * operation, region, error class, reason): bounded, and never request content.
 */
function prometheusMetrics(registry: Registry): MetricsSink {
  const registers = [registry];
  const retries = new Counter({
    name: "smithy_resilience_retries_total",
    help: "Failed attempts that were retried, by error class",
    labelNames: ["service", "operation", "error_class"] as const,
    registers,
  });
  const giveUps = new Counter({
    name: "smithy_resilience_give_ups_total",
    help: "Calls that failed for good, by reason",
    labelNames: ["service", "operation", "reason"] as const,
    registers,
  });
  const callDuration = new Histogram({
    name: "smithy_resilience_call_duration_seconds",
    help: "Whole calls, all attempts and backoffs",
    labelNames: ["service", "operation", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  return {
    onRetry: (e) => retries.inc({ service: e.service, operation: e.operation, error_class: e.errorClass }),
    onSuccess: (e) => callDuration.observe({ service: e.service, operation: e.operation, outcome: "success" }, e.durationMs / 1000),
    onGiveUp: (e) => {
      giveUps.inc({ service: e.service, operation: e.operation, reason: e.reason });
      callDuration.observe({ service: e.service, operation: e.operation, outcome: "give_up" }, e.durationMs / 1000);
    },
    // Gauges read the live snapshot when Prometheus scrapes.
    attach: (source) => {
      new Gauge({
        name: "smithy_resilience_circuit_open",
        help: "Routes whose circuit breaker is open (calls fail fast with CircuitOpenError)",
        labelNames: ["service", "region"] as const,
        registers,
        collect() {
          this.reset();
          for (const route of source.snapshot().routes) {
            if (route.breaker) this.inc({ service: route.service, region: route.region }, route.breaker.state === "open" ? 1 : 0);
          }
        },
      });
      new Gauge({
        name: "smithy_resilience_retry_budget_available",
        help: "Tokens left in the retry budget",
        labelNames: ["service", "region"] as const,
        registers,
        collect() {
          this.reset();
          // Routes of one service and region share their budget.
          for (const route of source.snapshot().routes) if (route.budget) this.set({ service: route.service, region: route.region }, route.budget.available);
        },
      });
      new Gauge({
        name: "smithy_resilience_pacing_rate",
        help: "Requests/s the adaptive rate limiter paces a quota at, while it paces",
        // quota: "service" for the service's own, else the operation metered apart (e.g. SendMessages).
        labelNames: ["service", "region", "quota"] as const,
        registers,
        collect() {
          this.reset();
          for (const { service, region, pacing } of source.snapshot().routes) {
            if (!pacing) continue;
            const quotas = [["service", pacing] as const, ...Object.entries(pacing.operations ?? {})];
            for (const [quota, { ratePerSecond }] of quotas) if (ratePerSecond !== undefined) this.set({ service, region, quota }, ratePerSecond);
          }
        },
      });
    },
  };
}

/** `/metrics` for Prometheus, `/health` for a load balancer: 200 while no breaker is open, else 503. */
function metricsServer(registry: Registry, r: Resilience): http.Server {
  return http.createServer((request, response) => {
    if (request.url === "/metrics") {
      registry.metrics().then(
        (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else if (request.url === "/health") {
      const snapshot = r.snapshot();
      const healthy = snapshot.routes.every((route) => route.breaker?.state !== "open");
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ healthy, ...snapshot }));
    } else {
      response.writeHead(404).end();
    }
  });
}

async function main(): Promise<void> {
  const emulator = process.env.ENDPOINT
    ? undefined
    : await startEmulator({ faults: { scripts: [{ match: { operation: "SendMessages" }, steps: [500, "ok", 400] }] } });

  const registry = new Registry();
  const r = createResilience({ metrics: prometheusMetrics(registry) });
  const client = new PinpointClient({
    region: "us-east-1",
    endpoint: process.env.ENDPOINT ?? emulator?.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" }, // any static credentials suit the emulator
    retryStrategy: r.retryStrategy,
  });
  client.middlewareStack.use(r.plugin);
  const server = metricsServer(registry, r);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  try {
    const send = () =>
      client.send(
        new SendMessagesCommand({
          ApplicationId: "my-app",
          MessageRequest: {
            Addresses: { "+15555550100": { ChannelType: "SMS" } },
            MessageConfiguration: { SMSMessage: { Body: "Your code is 123456", MessageType: "TRANSACTIONAL" } },
          },
        }),
      );
    await send(); // a 500, retried, then delivered
    await send().catch((error: Error) => console.log(`second send failed: ${error.name}`)); // a 400: not retried

    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const path of ["/metrics", "/health"]) {
      const response = await fetch(base + path);
      console.log(`GET ${path} -> ${response.status}`);
      console.log(await response.text());
    }
  } finally {
    server.closeAllConnections();
    server.close();
    client.destroy();
    await emulator?.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
