/**
 * `createResilience({ metrics: openTelemetryMetrics({ meter }) })` on real clients of both SDK lines,
 * over HTTP to the emulator with injected faults; the real metrics SDK exports what a user's pipeline
 * would see. The data points, units and attributes are checked, and no attribute carries a request id,
 * an endpoint host, a phone number or a message body.
 */
import { ATTR_ERROR_TYPE, ATTR_RPC_METHOD, ATTR_RPC_SYSTEM_NAME, METRIC_RPC_CLIENT_CALL_DURATION } from "@opentelemetry/semantic-conventions";
import { ATTR_CLOUD_REGION } from "@opentelemetry/semantic-conventions/incubating";
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { CircuitOpenError, createResilience } from "../../src";
import type { ResilienceOptions } from "../../src";
import { openTelemetryMetrics } from "../../src/otel";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { pinpointClient, SECRET_BODY, SECRET_PHONE, sendMessages, sendTextMessage, sendVoiceMessage, smsVoiceClient, smsVoiceV2Client } from "../support/clients";
import type { Exported, Harness } from "./harness";
import { expectBoundedAttributes, harness, pointsOf, total } from "./harness";

let emulator: Emulator;
let h: Harness;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.setFaults({});
  h = harness();
});
afterEach(() => h.shutdown());

const REGION = "us-east-1";
const histogram = (value: unknown) => value as Histogram;
const outcome = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => e);

/** A resilience instance whose metrics go to the harness's meter, with seeded jitter and no waiting for backoffs. */
function instance(options: ResilienceOptions = {}) {
  const sink = openTelemetryMetrics({ meter: h.provider.getMeter("smithy-resilience-test") });
  return createResilience({ clock: { random: () => 0 }, logger: { warn: () => {} }, ...options, metrics: sink });
}

/** What no attribute may contain: request ids, the endpoint's host and port, the message's phone numbers and body. */
function forbidden(): string[] {
  const url = new URL(emulator.endpoint);
  return ["emu-", url.host, url.hostname, "localhost", "http", SECRET_PHONE, "+15555550199", SECRET_BODY];
}

function expectClean(m: Map<string, Exported>) {
  expectBoundedAttributes(m, forbidden());
}

describe("Pinpoint (current line)", () => {
  test("500, three 429s, success: one call duration, 5 attempts, retries by class, throttles, the limiter's wait and rate per quota", async () => {
    const r = instance({ maxAttempts: 5 });
    const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    emulator.setFaults({ scripts: [{ steps: [500, 429, 429, 429, "ok"] }] });
    const output = await client.send(sendMessages());
    expect(output.$metadata.attempts).toBe(5);
    const m = await h.collect();
    const method = { [ATTR_RPC_METHOD]: "Pinpoint/SendMessages", [ATTR_CLOUD_REGION]: REGION };

    const [call] = pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION);
    expect(m.get(METRIC_RPC_CLIENT_CALL_DURATION)?.unit).toBe("s");
    expect(call.attributes).toEqual({ [ATTR_RPC_SYSTEM_NAME]: "aws-api", ...method });
    expect(histogram(call.value).count).toBe(1);
    expect(histogram(call.value).sum).toBeGreaterThan(0);
    expect(histogram(call.value).sum).toBeLessThan(30);

    expect(histogram(pointsOf(m, "smithy_resilience.call.attempts", method)[0].value)).toMatchObject({ count: 1, sum: 5 });
    expect(Object.fromEntries(pointsOf(m, "smithy_resilience.attempt.duration").map((p) => [p.attributes[ATTR_ERROR_TYPE] ?? "ok", histogram(p.value).count]))).toEqual({
      InternalServerErrorException: 1,
      TooManyRequestsException: 3,
      ok: 1,
    });
    expect(total(m, "smithy_resilience.retries", { ...method, "smithy_resilience.error_class": "TRANSIENT" })).toBe(1);
    expect(total(m, "smithy_resilience.retries", { ...method, "smithy_resilience.error_class": "THROTTLING" })).toBe(3);
    expect(total(m, "smithy_resilience.throttles", method)).toBe(3);
    // Recorded for attempts sent while the limiter paces (three throttles in a row start it): the last one.
    expect(total(m, "smithy_resilience.limiter.wait.duration", method)).toBeGreaterThanOrEqual(1);
    expect(m.has("smithy_resilience.give_ups")).toBe(false);

    const pinpoint = { "smithy_resilience.service": "Pinpoint", [ATTR_CLOUD_REGION]: REGION };
    expect(pointsOf(m, "smithy_resilience.breaker.state", pinpoint).map((p) => p.value)).toEqual([0]);
    expect(pointsOf(m, "smithy_resilience.retry_budget.available", pinpoint)).toHaveLength(1);
    const utilization = Number(pointsOf(m, "smithy_resilience.retry_budget.utilization", pinpoint)[0].value);
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThan(1);
    // SendMessages is metered on a quota of its own: after the 429s its limiter paces.
    const sendMessagesQuota = pointsOf(m, "smithy_resilience.limiter.rate", { ...pinpoint, [ATTR_RPC_METHOD]: "Pinpoint/SendMessages" });
    expect(sendMessagesQuota).toHaveLength(1);
    expect(sendMessagesQuota[0].value).toBeGreaterThan(0);
    expect(pointsOf(m, "smithy_resilience.limiter.queue.size", pinpoint).every((p) => p.value === 0)).toBe(true);
    expectClean(m);
  });

  test("the breaker opens: transitions, rejections without a request, breaker.state 2", async () => {
    // The default breaker, whatever its rule: failures until it opens, then two more calls (refused, or
    // a probe it lets through, which fails again).
    const r = instance({ maxAttempts: 1 });
    const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
    const outcomes: unknown[] = [];
    while (outcomes.length < 200 && !outcomes.some((o) => o instanceof CircuitOpenError)) outcomes.push(await outcome(client.send(sendMessages())));
    for (let i = 0; i < 2; i++) outcomes.push(await outcome(client.send(sendMessages())));
    const refused = outcomes.filter((o) => o instanceof CircuitOpenError).length;
    const failed = outcomes.length - refused;
    expect(refused).toBeGreaterThan(0);
    const m = await h.collect();
    const method = { [ATTR_RPC_METHOD]: "Pinpoint/SendMessages", [ATTR_CLOUD_REGION]: REGION };
    expect(total(m, "smithy_resilience.breaker.rejections", method)).toBe(refused);
    expect(total(m, "smithy_resilience.give_ups", { ...method, "smithy_resilience.give_up.reason": "circuit-open" })).toBe(refused);
    expect(total(m, "smithy_resilience.give_ups", { ...method, "smithy_resilience.give_up.reason": "max-attempts" })).toBe(failed);
    expect(Object.fromEntries(pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION).map((p) => [p.attributes[ATTR_ERROR_TYPE], histogram(p.value).count]))).toEqual({
      CircuitOpenError: refused,
      InternalServerErrorException: failed,
    });
    expect(total(m, "smithy_resilience.breaker.transitions", { "smithy_resilience.breaker.state": "open", "smithy_resilience.service": "Pinpoint" })).toBeGreaterThanOrEqual(1);
    expect(pointsOf(m, "smithy_resilience.breaker.state", { "smithy_resilience.service": "Pinpoint" }).map((p) => p.value)).toEqual([2]);
    expectClean(m);
  });
});

describe("SMS Voice v1 (3.523, Smithy 2.x)", () => {
  test("a 500 retried to success, then a 400 given up as non-retryable with its error name", async () => {
    const r = instance();
    const client = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
    emulator.setFaults({ scripts: [{ steps: [500, "ok", 400] }] });
    expect((await client.send(sendVoiceMessage())).$metadata.attempts).toBe(2);
    const error = await outcome(client.send(sendVoiceMessage()));
    expect((error as Error).name).toBe("BadRequestException");
    const m = await h.collect();
    const method = { [ATTR_RPC_METHOD]: "PinpointSMSVoice/SendVoiceMessage", [ATTR_CLOUD_REGION]: REGION };
    const calls = pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION, method);
    expect(calls.map((p) => [p.attributes, histogram(p.value).count])).toEqual([
      [{ [ATTR_RPC_SYSTEM_NAME]: "aws-api", ...method }, 1],
      [{ [ATTR_RPC_SYSTEM_NAME]: "aws-api", ...method, [ATTR_ERROR_TYPE]: "BadRequestException" }, 1],
    ]);
    expect(total(m, "smithy_resilience.retries", { ...method, "smithy_resilience.error_class": "TRANSIENT" })).toBe(1);
    expect(total(m, "smithy_resilience.give_ups", { ...method, "smithy_resilience.give_up.reason": "non-retryable", "smithy_resilience.error_class": "CLIENT_ERROR" })).toBe(1);
    expect(pointsOf(m, "smithy_resilience.call.attempts", method).map((p) => histogram(p.value))).toMatchObject([{ count: 2, sum: 3 }]);
    expect(pointsOf(m, "smithy_resilience.breaker.state", { "smithy_resilience.service": "PinpointSMSVoice", [ATTR_CLOUD_REGION]: REGION })).toHaveLength(1);
    expectClean(m);
  });
});

describe("SMS Voice v2 (current line)", () => {
  test("throttled then a permanent 500: give-up after max attempts with the service's error name; one sink across two clients of one instance", async () => {
    const r = instance({ maxAttempts: 3 });
    const v2 = smsVoiceV2Client({ resilience: r, endpoint: emulator.endpoint });
    const pinpoint = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    emulator.setFaults({ scripts: [{ match: { service: "PinpointSMSVoiceV2" }, steps: [429, 500], repeatLast: true }] });
    const error = await outcome(v2.send(sendTextMessage()));
    expect((error as Error).name).toBe("InternalServerException");
    await pinpoint.send(sendMessages());
    const m = await h.collect();
    const method = { [ATTR_RPC_METHOD]: "PinpointSMSVoiceV2/SendTextMessage", [ATTR_CLOUD_REGION]: REGION };
    expect(pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION, method).map((p) => p.attributes[ATTR_ERROR_TYPE])).toEqual(["InternalServerException"]);
    expect(total(m, "smithy_resilience.give_ups", { ...method, "smithy_resilience.give_up.reason": "max-attempts" })).toBe(1);
    expect(total(m, "smithy_resilience.throttles", method)).toBe(1);
    expect(total(m, "smithy_resilience.retries", method)).toBe(2);
    expect(pointsOf(m, METRIC_RPC_CLIENT_CALL_DURATION, { [ATTR_RPC_METHOD]: "Pinpoint/SendMessages" })).toHaveLength(1);
    const services = pointsOf(m, "smithy_resilience.breaker.state").map((p) => p.attributes["smithy_resilience.service"]);
    expect(services.sort()).toEqual(["Pinpoint", "PinpointSMSVoiceV2"]);
    // Two retries of a call that failed spent budget tokens.
    expect(pointsOf(m, "smithy_resilience.retry_budget.utilization", { "smithy_resilience.service": "PinpointSMSVoiceV2" })[0].value).toBeGreaterThan(0);
    expectClean(m);
  });
});
