/**
 * Run by scripts/checkPackage.mjs from a consumer directory holding the packed package: the entry
 * points (main, testing, otel, cloudwatch) load through `require` and `import`, and
 * `CircuitOpenError` from one build is `instanceof` the other's, although the two bundles hold two
 * distinct classes (the dual-package hazard).
 */
import assert from "node:assert/strict";
import console from "node:console";
import { createRequire } from "node:module";
import process from "node:process";

const require = createRequire(import.meta.url);
const cjs = require("smithy-resilience");
const esm = await import("smithy-resilience");
const cjsTesting = require("smithy-resilience/testing");
const esmTesting = await import("smithy-resilience/testing");
const cjsOtel = require("smithy-resilience/otel");
const esmOtel = await import("smithy-resilience/otel");
// aws-embedded-metrics asks the EC2 metadata service where it runs when loaded, unless told.
process.env.AWS_EMF_ENVIRONMENT ??= "Local";
const cjsCloudWatch = require("smithy-resilience/cloudwatch");
const esmCloudWatch = await import("smithy-resilience/cloudwatch");

for (const [name, entry] of Object.entries({ cjs, esm })) {
  assert.equal(typeof entry.createResilience, "function", `${name}: createResilience`);
  assert.equal(typeof entry.CircuitOpenError, "function", `${name}: CircuitOpenError`);
}
for (const [name, entry] of Object.entries({ cjsTesting, esmTesting })) {
  assert.equal(typeof entry.startEmulator, "function", `${name}: startEmulator`);
}
for (const [name, entry] of Object.entries({ cjsOtel, esmOtel })) {
  const sink = entry.openTelemetryMetrics();
  assert.equal(typeof sink.onSuccess, "function", `${name}: openTelemetryMetrics() is a sink`);
  sink.onSuccess({ service: "Pinpoint", operation: "SendMessages", region: "us-east-1", attempts: 1, totalDelayMs: 0, durationMs: 1 });
}

for (const [name, entry] of Object.entries({ cjsCloudWatch, esmCloudWatch })) {
  const sink = entry.cloudWatchMetrics({ namespace: "Check", output: "stdout", flushIntervalMs: 0, flushOnExit: false });
  assert.equal(sink.output, "stdout", `${name}: cloudWatchMetrics() resolves its output`);
  assert.equal(typeof sink.onGiveUp, "function", `${name}: cloudWatchMetrics() is a sink`);
  assert.deepEqual(entry.CLOUDWATCH_METRICS.map((m) => m.name), ["Calls", "Attempts", "Retries", "GiveUps", "Throttles", "CircuitOpen", "Latency", "QueueWait"], `${name}: CLOUDWATCH_METRICS`);
}
assert.notEqual(cjs.CircuitOpenError, esm.CircuitOpenError, "expected two builds, hence two classes");
const fromCjs = new cjs.CircuitOpenError("Pinpoint", "us-east-1", 4990.268479);
const fromEsm = new esm.CircuitOpenError("Pinpoint", "us-east-1", 4990.268479);
assert.ok(fromCjs instanceof esm.CircuitOpenError, "a require()d CircuitOpenError is instanceof the import()ed class");
assert.ok(fromEsm instanceof cjs.CircuitOpenError, "an import()ed CircuitOpenError is instanceof the require()d class");
assert.ok(fromCjs instanceof Error && fromEsm instanceof Error, "both are Errors");
assert.ok(!(new Error("x") instanceof esm.CircuitOpenError), "a plain Error is not a CircuitOpenError");
assert.equal(fromCjs.retryAfterMs, 4991, "retryAfterMs is whole ms, rounded up (CJS)");
assert.equal(fromEsm.retryAfterMs, 4991, "retryAfterMs is whole ms, rounded up (ESM)");

console.log("require and import agree; CircuitOpenError instanceof holds across both builds");
