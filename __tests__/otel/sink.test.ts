/**
 * The OpenTelemetry sink's hooks called directly, recorded by the real metrics SDK and read back from
 * its in-memory exporter: names, units, buckets, attributes, and the gauges read from a snapshot.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { metrics } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_SYSTEM_NAME,
  ERROR_TYPE_VALUE_OTHER,
  METRIC_RPC_CLIENT_CALL_DURATION,
} from "@opentelemetry/semantic-conventions";
import { ATTR_CLOUD_REGION } from "@opentelemetry/semantic-conventions/incubating";
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { openTelemetryMetrics } from "../../src/otel";
import { ATTR_CLOUD_REGION_COPY, DURATION_BUCKETS_S } from "../../src/otel/names";
import { VERSION } from "../../src/otel/version";
import type { MetricsSink, ResilienceSnapshot, RouteSnapshot } from "../../src";
import type { Harness } from "./harness";
import { expectBoundedAttributes, harness, pointsOf, total } from "./harness";

const PINPOINT = { service: "Pinpoint", operation: "SendMessages", region: "us-east-1" };
const METHOD = "Pinpoint/SendMessages";
const histogram = (value: unknown) => value as Histogram;

let h: Harness;
let sink: MetricsSink;
beforeEach(() => {
  h = harness();
  sink = openTelemetryMetrics({ meter: h.provider.getMeter("test") });
});
afterEach(() => h.shutdown());

describe("names and versions", () => {
  test("cloud.region is the semconv package's constant; the meter version is package.json's", () => {
    expect(ATTR_CLOUD_REGION_COPY).toBe(ATTR_CLOUD_REGION);
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe("per call: rpc.client.call.duration", () => {
  test("a success: seconds, the semconv's bucket advice, rpc.system.name aws-api, fully-qualified rpc.method, cloud.region, no error.type", async () => {
    sink.onSuccess?.({ ...PINPOINT, attempts: 2, totalDelayMs: 40, durationMs: 250 });
    const m = await h.collect();
    const duration = m.get(METRIC_RPC_CLIENT_CALL_DURATION);
    expect(METRIC_RPC_CLIENT_CALL_DURATION).toBe("rpc.client.call.duration");
    expect(duration?.unit).toBe("s");
    expect(duration?.boundaries).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
    expect(duration?.boundaries).toEqual(DURATION_BUCKETS_S);
    expect(duration?.points).toHaveLength(1);
    expect(duration?.points[0].attributes).toEqual({ [ATTR_RPC_SYSTEM_NAME]: "aws-api", [ATTR_RPC_METHOD]: METHOD, [ATTR_CLOUD_REGION]: "us-east-1" });
    expect(histogram(duration?.points[0].value)).toMatchObject({ count: 1, sum: 0.25 });
    const attempts = m.get("smithy_resilience.call.attempts");
    expect(attempts?.unit).toBe("{attempt}");
    expect(attempts?.boundaries).toEqual([1, 2, 3, 4, 5]);
    expect(attempts?.points[0].attributes).toEqual({ [ATTR_RPC_METHOD]: METHOD, [ATTR_CLOUD_REGION]: "us-east-1" });
    expect(histogram(attempts?.points[0].value)).toMatchObject({ count: 1, sum: 2 });
  });

  test("a give-up: error.type is the error's name; give_ups by reason and error class; attempts recorded", async () => {
    sink.onGiveUp?.({ ...PINPOINT, attempts: 3, reason: "max-attempts", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: 1200 });
    const m = await h.collect();
    const [point] = pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION);
    expect(point.attributes).toEqual({
      [ATTR_RPC_SYSTEM_NAME]: "aws-api",
      [ATTR_RPC_METHOD]: METHOD,
      [ATTR_CLOUD_REGION]: "us-east-1",
      [ATTR_ERROR_TYPE]: "InternalServerErrorException",
    });
    expect(histogram(point.value)).toMatchObject({ count: 1, sum: 1.2 });
    const giveUps = m.get("smithy_resilience.give_ups");
    expect(giveUps?.unit).toBe("{call}");
    expect(giveUps?.points.map((p) => [p.attributes, p.value])).toEqual([
      [{ [ATTR_RPC_METHOD]: METHOD, [ATTR_CLOUD_REGION]: "us-east-1", "smithy_resilience.give_up.reason": "max-attempts", "smithy_resilience.error_class": "TRANSIENT" }, 1],
    ]);
    expect(histogram(pointsOf(m, "smithy_resilience.call.attempts")[0].value)).toMatchObject({ count: 1, sum: 3 });
    expect(m.has("smithy_resilience.breaker.rejections")).toBe(false);
  });

  test("a call refused by an open breaker: breaker.rejections, give_ups reason circuit-open, 0 attempts", async () => {
    sink.onGiveUp?.({ ...PINPOINT, attempts: 0, reason: "circuit-open", errorName: "CircuitOpenError", errorClass: "TRANSIENT", durationMs: 0 });
    sink.onGiveUp?.({ ...PINPOINT, attempts: 0, reason: "circuit-open", errorName: "CircuitOpenError", errorClass: "TRANSIENT", durationMs: 0 });
    const m = await h.collect();
    expect(m.get("smithy_resilience.breaker.rejections")?.unit).toBe("{call}");
    expect(total(m, "smithy_resilience.breaker.rejections", { [ATTR_RPC_METHOD]: METHOD })).toBe(2);
    expect(total(m, "smithy_resilience.give_ups", { "smithy_resilience.give_up.reason": "circuit-open" })).toBe(2);
    expect(pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION)[0].attributes[ATTR_ERROR_TYPE]).toBe("CircuitOpenError");
  });

  test("a call whose retry an open breaker refused was sent: a give-up with reason circuit-open, no breaker.rejections", async () => {
    sink.onGiveUp?.({ ...PINPOINT, attempts: 2, reason: "circuit-open", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: 40 });
    const m = await h.collect();
    expect(total(m, "smithy_resilience.give_ups", { "smithy_resilience.give_up.reason": "circuit-open" })).toBe(1);
    expect(m.has("smithy_resilience.breaker.rejections")).toBe(false);
  });
});

describe("per attempt and per retry", () => {
  test("attempt.duration (error.type on failures), throttles, limiter.wait.duration, retries by error class", async () => {
    sink.onAttempt?.({ ...PINPOINT, attempt: 1, durationMs: 30, httpStatusCode: 429, errorName: "TooManyRequestsException", errorClass: "THROTTLING", requestId: "req-secret-1", sendRate: 10, pacingDelayMs: 0 });
    sink.onRetry?.({ ...PINPOINT, attempt: 1, delayMs: 120, errorName: "TooManyRequestsException", errorClass: "THROTTLING" });
    sink.onAttempt?.({ ...PINPOINT, attempt: 2, durationMs: 20, httpStatusCode: 500, errorName: "InternalServerErrorException", errorClass: "TRANSIENT", pacingDelayMs: 100 });
    sink.onRetry?.({ ...PINPOINT, attempt: 2, delayMs: 50, errorName: "InternalServerErrorException", errorClass: "TRANSIENT" });
    sink.onAttempt?.({ ...PINPOINT, attempt: 3, durationMs: 10, httpStatusCode: 200, requestId: "req-secret-3", pacingDelayMs: 0 });
    const m = await h.collect();
    const base = { [ATTR_RPC_METHOD]: METHOD, [ATTR_CLOUD_REGION]: "us-east-1" };

    const attempt = m.get("smithy_resilience.attempt.duration");
    expect(attempt?.unit).toBe("s");
    expect(attempt?.boundaries).toEqual(DURATION_BUCKETS_S);
    const byType = Object.fromEntries(attempt?.points.map((p) => [String(p.attributes[ATTR_ERROR_TYPE] ?? "ok"), histogram(p.value).sum]) ?? []);
    expect(byType).toEqual({ TooManyRequestsException: 0.03, InternalServerErrorException: 0.02, ok: 0.01 });
    expect(pointsOf(m, "smithy_resilience.attempt.duration").find((p) => p.attributes[ATTR_ERROR_TYPE] === undefined)?.attributes).toEqual(base);

    expect(m.get("smithy_resilience.throttles")?.unit).toBe("{attempt}");
    expect(m.get("smithy_resilience.throttles")?.points.map((p) => [p.attributes, p.value])).toEqual([[base, 1]]);

    const wait = m.get("smithy_resilience.limiter.wait.duration");
    expect(wait?.unit).toBe("s");
    expect(wait?.boundaries?.[0]).toBe(0);
    // The third attempt was not paced (no send rate, no wait): left out.
    expect(histogram(wait?.points[0].value)).toMatchObject({ count: 2, sum: 0.1 });

    const retries = m.get("smithy_resilience.retries");
    expect(retries?.unit).toBe("{retry}");
    expect(retries?.points.map((p) => [p.attributes["smithy_resilience.error_class"], p.value]).sort()).toEqual([
      ["THROTTLING", 1],
      ["TRANSIENT", 1],
    ]);
    expectBoundedAttributes(m, ["req-secret"]);
  });

  test("an attempt without a limiter, or while it does not pace, records no wait", async () => {
    sink.onAttempt?.({ ...PINPOINT, attempt: 1, durationMs: 5 });
    sink.onAttempt?.({ ...PINPOINT, attempt: 1, durationMs: 5, pacingDelayMs: 0 });
    const m = await h.collect();
    expect(m.has("smithy_resilience.limiter.wait.duration")).toBe(false);
    expect(total(m, "smithy_resilience.attempt.duration")).toBe(2);
  });
});

describe("bounded cardinality", () => {
  test("error.type: an error name that is not an identifier, and names past the first 100, become _OTHER", async () => {
    const failAs = (errorName: string) => sink.onGiveUp?.({ ...PINPOINT, attempts: 1, reason: "non-retryable", errorName, errorClass: "CLIENT_ERROR", durationMs: 1 });
    failAs("+15555550100 is not a valid phone number");
    failAs("ECONNRESET");
    for (let i = 0; i < 120; i++) failAs(`GeneratedError${i}`);
    const m = await h.collect();
    const types = new Set(pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION).map((p) => p.attributes[ATTR_ERROR_TYPE]));
    expect(types.has(ERROR_TYPE_VALUE_OTHER)).toBe(true);
    expect(types.has("ECONNRESET")).toBe(true);
    expect(types.size).toBe(101);
    expect(total(m, METRIC_RPC_CLIENT_CALL_DURATION, { [ATTR_ERROR_TYPE]: ERROR_TYPE_VALUE_OTHER })).toBe(1 + 21);
    expectBoundedAttributes(m, ["+1555"]);
  });

  test("an unknown operation is rpc.method _OTHER; an unknown region sets no cloud.region", async () => {
    sink.onSuccess?.({ service: "unknown", operation: "unknown", region: "unknown", attempts: 1, totalDelayMs: 0, durationMs: 3 });
    const m = await h.collect();
    expect(pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION)[0].attributes).toEqual({ [ATTR_RPC_SYSTEM_NAME]: "aws-api", [ATTR_RPC_METHOD]: "_OTHER" });
  });
});

describe("gauges read from the snapshot, per service + region", () => {
  const route = (endpoint: string, over: Partial<RouteSnapshot> = {}): RouteSnapshot => ({
    service: "Pinpoint",
    region: "us-east-1",
    endpoint,
    breaker: { state: "closed", retryAfterMs: 0 },
    budget: { available: 400, capacity: 500 },
    pacing: { ratePerSecond: undefined, queueDepth: 0 },
    recent: { attempts: 10, failures: 1 },
    ...over,
  });

  test("two endpoints of one service+region fold into one series (worst breaker), never the endpoint; operation quotas by rpc.method", async () => {
    const snapshot: ResilienceSnapshot = {
      takenAt: 0,
      routes: [
        route("https://pinpoint.us-east-1.amazonaws.com"),
        route("https://vpce-secret.pinpoint.us-east-1.vpce.amazonaws.com", {
          breaker: { state: "open", retryAfterMs: 3000 },
          pacing: { ratePerSecond: 12.5, queueDepth: 3, operations: { SendMessages: { ratePerSecond: 4, queueDepth: 7 } } },
        }),
        route("https://sms-voice.pinpoint.eu-west-1.amazonaws.com", { service: "PinpointSMSVoice", region: "eu-west-1", budget: { available: 500, capacity: 500 } }),
      ],
    };
    let reads = 0;
    sink.attach?.({
      snapshot: () => {
        reads++;
        return snapshot;
      },
    });
    const m = await h.collect();
    expect(reads).toBe(1); // one snapshot per collection for all the gauges
    const pinpoint = { "smithy_resilience.service": "Pinpoint", [ATTR_CLOUD_REGION]: "us-east-1" };
    const voice = { "smithy_resilience.service": "PinpointSMSVoice", [ATTR_CLOUD_REGION]: "eu-west-1" };

    expect(m.get("smithy_resilience.breaker.state")?.unit).toBe("1");
    expect(m.get("smithy_resilience.breaker.state")?.points.map((p) => [p.attributes, p.value])).toEqual([
      [pinpoint, 2],
      [voice, 0],
    ]);
    expect(m.get("smithy_resilience.retry_budget.available")?.unit).toBe("{token}");
    expect(pointsOf(m, "smithy_resilience.retry_budget.available", pinpoint)[0].value).toBe(400);
    expect(pointsOf(m, "smithy_resilience.retry_budget.utilization", pinpoint)[0].value).toBeCloseTo(0.2);
    expect(pointsOf(m, "smithy_resilience.retry_budget.utilization", voice)[0].value).toBe(0);

    const rate = m.get("smithy_resilience.limiter.rate");
    expect(rate?.unit).toBe("{request}/s");
    expect(rate?.points.map((p) => [p.attributes, p.value])).toEqual([
      [pinpoint, 12.5],
      [{ ...pinpoint, [ATTR_RPC_METHOD]: METHOD }, 4],
    ]);
    const queue = m.get("smithy_resilience.limiter.queue.size");
    expect(queue?.unit).toBe("{attempt}");
    expect(pointsOf(m, "smithy_resilience.limiter.queue.size", pinpoint).map((p) => [p.attributes[ATTR_RPC_METHOD], p.value])).toEqual([
      [undefined, 3],
      [METHOD, 7],
    ]);
    expect(pointsOf(m, "smithy_resilience.limiter.queue.size", voice).map((p) => p.value)).toEqual([0]);
    expectBoundedAttributes(m, ["https://", "amazonaws.com", "vpce"]);
  });

  test("a sink attached to two instances: the worst breaker and the lowest budget, the queues added up; a failing snapshot is skipped", async () => {
    const one = route("https://a", { pacing: { ratePerSecond: 10, queueDepth: 2 } });
    const two = route("https://b", { breaker: { state: "half-open", retryAfterMs: 0 }, budget: { available: 100, capacity: 500 }, pacing: { ratePerSecond: 5, queueDepth: 4 } });
    sink.attach?.({ snapshot: () => ({ takenAt: 0, routes: [one] }) });
    sink.attach?.({ snapshot: () => ({ takenAt: 0, routes: [two] }) });
    sink.attach?.({
      snapshot: () => {
        throw new Error("broken source");
      },
    });
    const m = await h.collect();
    expect(pointsOf(m, "smithy_resilience.breaker.state")[0].value).toBe(1);
    expect(pointsOf(m, "smithy_resilience.retry_budget.available")[0].value).toBe(100);
    expect(pointsOf(m, "smithy_resilience.limiter.rate")[0].value).toBe(5);
    expect(pointsOf(m, "smithy_resilience.limiter.queue.size")[0].value).toBe(6);
  });

  test("features off: no breaker, budget or pacing gauge; no limiter rate while it does not pace", async () => {
    sink.attach?.({ snapshot: () => ({ takenAt: 0, routes: [{ service: "Pinpoint", region: "us-east-1", endpoint: "https://x" }] }) });
    const m = await h.collect();
    for (const name of ["breaker.state", "retry_budget.available", "limiter.rate", "limiter.queue.size"]) {
      expect(pointsOf(m, `smithy_resilience.${name}`)).toEqual([]);
    }
  });

  test("breaker transitions by the state entered, per service + region", async () => {
    sink.onCircuitStateChange?.({ service: "Pinpoint", region: "us-east-1", from: "closed", to: "open" });
    sink.onCircuitStateChange?.({ service: "Pinpoint", region: "us-east-1", from: "open", to: "half-open" });
    const m = await h.collect();
    expect(m.get("smithy_resilience.breaker.transitions")?.unit).toBe("{transition}");
    expect(m.get("smithy_resilience.breaker.transitions")?.points.map((p) => [p.attributes, p.value])).toEqual([
      [{ "smithy_resilience.service": "Pinpoint", [ATTR_CLOUD_REGION]: "us-east-1", "smithy_resilience.breaker.state": "open" }, 1],
      [{ "smithy_resilience.service": "Pinpoint", [ATTR_CLOUD_REGION]: "us-east-1", "smithy_resilience.breaker.state": "half-open" }, 1],
    ]);
  });
});

describe("the global meter provider", () => {
  afterEach(() => metrics.disable());

  test("without a meter: nothing recorded before a provider is registered, then the meter smithy-resilience at this version", async () => {
    const global = openTelemetryMetrics();
    global.attach?.({ snapshot: () => ({ takenAt: 0, routes: [] }) });
    global.onSuccess?.({ ...PINPOINT, attempts: 1, totalDelayMs: 0, durationMs: 10 });
    expect(metrics.setGlobalMeterProvider(h.provider)).toBe(true);
    global.onSuccess?.({ ...PINPOINT, attempts: 1, totalDelayMs: 0, durationMs: 20 });
    const m = await h.collect();
    const duration = m.get(METRIC_RPC_CLIENT_CALL_DURATION);
    expect(duration?.scope).toEqual({ name: "smithy-resilience", version: VERSION });
    expect(histogram(duration?.points[0].value)).toMatchObject({ count: 1, sum: 0.02 });
  });

  test("the hooks need no `this`: destructured, or passed as `hooks`", async () => {
    const { onSuccess } = sink;
    onSuccess?.({ ...PINPOINT, attempts: 1, totalDelayMs: 0, durationMs: 10 });
    expect(total(await h.collect(), METRIC_RPC_CLIENT_CALL_DURATION)).toBe(1);
  });
});
