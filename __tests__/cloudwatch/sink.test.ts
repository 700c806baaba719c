/**
 * `cloudWatchMetrics()` driven through its hook functions, writing to stdout (the library's stdout sink
 * prints with `console.log`, captured here): every record is checked against the EMF schema, then its
 * metric names, units, dimension sets and values; options are validated at construction.
 */
import "./emfEnv";
import { cloudWatchMetrics, CLOUDWATCH_METRICS } from "../../src/cloudwatch";
import type { CloudWatchMetricsSink } from "../../src/cloudwatch";
import type { AttemptEvent, GiveUpEvent, RetryEvent, SuccessEvent } from "../../src";
import { captureConsoleLog, directive, total, valuesOf, withSets } from "./support";
import type { EmfRecord } from "./support";

const ref = { service: "Pinpoint", operation: "SendMessages", region: "us-east-1" };
const attempt = (over: Partial<AttemptEvent> = {}): AttemptEvent => ({ ...ref, attempt: 1, durationMs: 12.3456789, ...over });
const retry = (over: Partial<RetryEvent> = {}): RetryEvent => ({ ...ref, attempt: 1, delayMs: 40, errorName: "InternalServerErrorException", errorClass: "TRANSIENT", ...over });
const success = (over: Partial<SuccessEvent> = {}): SuccessEvent => ({ ...ref, attempts: 1, totalDelayMs: 0, durationMs: 20, ...over });
const giveUp = (over: Partial<GiveUpEvent> = {}): GiveUpEvent => ({
  ...ref,
  attempts: 3,
  reason: "max-attempts",
  errorName: "InternalServerErrorException",
  errorClass: "TRANSIENT",
  durationMs: 300,
  ...over,
});

let capture: ReturnType<typeof captureConsoleLog>;
const sinks: CloudWatchMetricsSink[] = [];
beforeEach(() => {
  capture = captureConsoleLog();
});
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
  capture.restore();
});

function stdoutSink(options: Partial<Parameters<typeof cloudWatchMetrics>[0]> = {}): CloudWatchMetricsSink {
  const sink = cloudWatchMetrics({ namespace: "Test/Messaging", output: "stdout", flushIntervalMs: 0, flushOnExit: false, ...options });
  sinks.push(sink);
  return sink;
}

/** A call retried twice (a 500, then a throttle), then successful; another that gave up; a rejection by an open breaker. */
function driveScenario(sink: CloudWatchMetricsSink): void {
  sink.onAttempt!(attempt({ errorClass: "TRANSIENT", errorName: "InternalServerErrorException", httpStatusCode: 500 }));
  sink.onRetry!(retry());
  sink.onAttempt!(attempt({ attempt: 2, errorClass: "THROTTLING", errorName: "TooManyRequestsException", httpStatusCode: 429, pacingDelayMs: 0 }));
  sink.onRetry!(retry({ attempt: 2, errorClass: "THROTTLING", errorName: "TooManyRequestsException" }));
  sink.onAttempt!(attempt({ attempt: 3, httpStatusCode: 200, sendRate: 4.2, pacingDelayMs: 250 }));
  sink.onSuccess!(success({ attempts: 3, totalDelayMs: 80, durationMs: 512.25 }));
  sink.onAttempt!(attempt({ errorClass: "CLIENT_ERROR", errorName: "BadRequestException", httpStatusCode: 400 }));
  sink.onGiveUp!(giveUp({ attempts: 1, reason: "non-retryable", errorName: "BadRequestException", errorClass: "CLIENT_ERROR", durationMs: 15 }));
  sink.onGiveUp!(giveUp({ attempts: 0, reason: "circuit-open", errorName: "CircuitOpenError", errorClass: "TRANSIENT", durationMs: 0.01 }));
}

const UNIT_OF = Object.fromEntries(CLOUDWATCH_METRICS.map((m) => [m.name, m.unit]));

test("every record is valid EMF; names, units, dimensions and values are the documented ones", async () => {
  const sink = stdoutSink();
  driveScenario(sink);
  expect(capture.lines()).toEqual([]); // nothing is written before a flush
  await sink.flush();
  const records = capture.records(); // each parsed and checked against the schema

  for (const record of records) {
    const d = directive(record);
    expect(d.Namespace).toBe("Test/Messaging");
    expect(record.Region).toBe("us-east-1");
    expect(record.Service).toBe("Pinpoint");
    expect(record.Operation).toBe("SendMessages");
    for (const metric of d.Metrics) expect(metric.Unit).toBe(UNIT_OF[metric.Name]);
    // No request id, phone number or endpoint anywhere in a record.
    for (const key of ["requestId", "RequestId", "endpoint", "errorName"]) expect(record).not.toHaveProperty(key);
  }

  const [main] = withSets(records, [["Service", "Operation"], ["Service"]]);
  expect(directive(main).Metrics.map((m) => m.Name)).toEqual(
    expect.arrayContaining(["Calls", "Attempts", "Retries", "GiveUps", "Throttles", "CircuitOpen", "Latency", "QueueWait"]),
  );
  expect(valuesOf(main, "Calls")).toEqual([3]);
  expect(valuesOf(main, "Attempts")).toEqual([4]);
  expect(valuesOf(main, "Retries")).toEqual([2]);
  expect(valuesOf(main, "GiveUps")).toEqual([2]);
  expect(valuesOf(main, "Throttles")).toEqual([1]);
  expect(valuesOf(main, "CircuitOpen")).toEqual([1]);
  expect(valuesOf(main, "Latency").sort((a, b) => a - b)).toEqual([0.01, 15, 512.25]);
  expect(valuesOf(main, "QueueWait")).toEqual([250]); // only attempts that waited

  const byClass = withSets(records, [["Service", "Operation", "ErrorClass"], ["Service", "ErrorClass"]]);
  expect(Object.fromEntries(byClass.map((r) => [r.ErrorClass, valuesOf(r, "Retries")]))).toEqual({ TRANSIENT: [1], THROTTLING: [1] });
  for (const r of byClass) expect(directive(r).Metrics).toEqual([{ Name: "Retries", Unit: "Count" }]);

  const byReason = withSets(records, [["Service", "Operation", "Reason"], ["Service", "Reason"]]);
  expect(Object.fromEntries(byReason.map((r) => [r.Reason, valuesOf(r, "GiveUps")]))).toEqual({ "non-retryable": [1], "circuit-open": [1] });
  for (const r of byReason) expect(directive(r).Metrics).toEqual([{ Name: "GiveUps", Unit: "Count" }]);

  expect(records).toHaveLength(1 + byClass.length + byReason.length);

  // Every metric and dimension set written is one CLOUDWATCH_METRICS documents.
  for (const record of records) {
    const d = directive(record);
    for (const metric of d.Metrics) {
      const documented = CLOUDWATCH_METRICS.find((m) => m.name === metric.Name)!.dimensionSets.map((s) => JSON.stringify(s));
      for (const set of d.Dimensions) expect(documented).toContain(JSON.stringify(set));
    }
  }
});

test("counts are written as zeros rather than left out, so alarm math sees 0", async () => {
  const sink = stdoutSink();
  sink.onAttempt!(attempt({ httpStatusCode: 200 }));
  sink.onSuccess!(success());
  await sink.flush();
  const [main] = capture.records();
  for (const name of ["Retries", "GiveUps", "Throttles", "CircuitOpen"]) expect(valuesOf(main, name)).toEqual([0]);
  expect(valuesOf(main, "Calls")).toEqual([1]);
  expect(directive(main).Metrics.map((m) => m.Name)).not.toContain("QueueWait");
});

test("CircuitOpen counts calls refused unsent; a call whose retry the open breaker refused counts only in GiveUps", async () => {
  const sink = stdoutSink();
  sink.onGiveUp!(giveUp({ attempts: 2, reason: "circuit-open", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: 40 }));
  sink.onGiveUp!(giveUp({ attempts: 0, reason: "circuit-open", errorName: "CircuitOpenError", errorClass: "TRANSIENT", durationMs: 0.01 }));
  await sink.flush();
  const [main] = capture.records();
  expect(valuesOf(main, "CircuitOpen")).toEqual([1]);
  expect(valuesOf(main, "GiveUps")).toEqual([2]);
});

test("the user's dimensions come first in every set; the timestamp is the first event's", async () => {
  const before = Date.now();
  const sink = stdoutSink({ dimensions: { Environment: "prod", Team: "messaging" } });
  driveScenario(sink);
  await sink.flush();
  const records = capture.records();
  for (const record of records) {
    for (const set of directive(record).Dimensions) expect(set.slice(0, 2)).toEqual(["Environment", "Team"]);
    expect(record.Environment).toBe("prod");
    expect(record._aws.Timestamp).toBeGreaterThanOrEqual(before);
    expect(record._aws.Timestamp).toBeLessThanOrEqual(Date.now());
  }
  expect(withSets(records, [["Environment", "Team", "Service", "Operation"], ["Environment", "Team", "Service"]])).toHaveLength(1);
});

test("records are kept apart per service, operation and region; each flush writes only what came since the last", async () => {
  const sink = stdoutSink();
  sink.onSuccess!(success());
  sink.onSuccess!(success({ region: "eu-west-1" }));
  sink.onSuccess!(success({ service: "PinpointSMSVoiceV2", operation: "SendTextMessage" }));
  await sink.flush();
  const first = capture.records();
  expect(first.map((r) => `${r.Service}/${r.Operation}/${r.Region}:${valuesOf(r, "Calls")}`).sort()).toEqual([
    "Pinpoint/SendMessages/eu-west-1:1",
    "Pinpoint/SendMessages/us-east-1:1",
    "PinpointSMSVoiceV2/SendTextMessage/us-east-1:1",
  ]);
  await sink.flush();
  expect(capture.records()).toHaveLength(3); // nothing new to write
  sink.onSuccess!(success());
  await sink.flush();
  expect(capture.records()).toHaveLength(4);
});

test("more than 100 durations are split over records of at most 100 values; counts are not repeated", async () => {
  const sink = stdoutSink();
  for (let i = 0; i < 250; i++) sink.onSuccess!(success({ durationMs: i }));
  await sink.flush();
  const records: EmfRecord[] = capture.records();
  expect(records.length).toBeGreaterThanOrEqual(3);
  expect(total(records, "Latency")).toBe((249 * 250) / 2);
  expect(records.flatMap((r) => valuesOf(r, "Latency"))).toHaveLength(250);
  expect(total(records, "Calls")).toBe(250);
});

test("withFlush writes an invocation's metrics before it resolves, and when the handler throws", async () => {
  const sink = stdoutSink();
  const handler = sink.withFlush(async (event: { fail: boolean }) => {
    sink.onSuccess!(success());
    if (event.fail) throw new Error("handler failed");
    return "done";
  });
  await expect(handler({ fail: false })).resolves.toBe("done");
  expect(capture.records()).toHaveLength(1);
  await expect(handler({ fail: true })).rejects.toThrow("handler failed");
  expect(capture.records()).toHaveLength(2);
});

test("flushIntervalMs writes without a flush() call", async () => {
  const sink = stdoutSink({ flushIntervalMs: 20 });
  sink.onSuccess!(success());
  const deadline = Date.now() + 2000;
  while (capture.lines().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(capture.records()).toHaveLength(1);
});

test("auto picks stdout in Lambda and as AWS_EMF_ENVIRONMENT says, else the agent", () => {
  const saved = { fn: process.env.AWS_LAMBDA_FUNCTION_NAME, env: process.env.AWS_EMF_ENVIRONMENT };
  try {
    delete process.env.AWS_EMF_ENVIRONMENT;
    process.env.AWS_LAMBDA_FUNCTION_NAME = "send-sms";
    expect(cloudWatchMetrics({ namespace: "N" }).output).toBe("stdout");
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    const host = cloudWatchMetrics({ namespace: "N" });
    expect([host.output, host.agentEndpoint]).toEqual(["agent", "tcp://127.0.0.1:25888"]);
    process.env.AWS_EMF_ENVIRONMENT = "Local";
    expect(cloudWatchMetrics({ namespace: "N" }).output).toBe("stdout");
    process.env.AWS_EMF_ENVIRONMENT = "ECS";
    expect(cloudWatchMetrics({ namespace: "N", output: "stdout" }).output).toBe("stdout"); // an explicit output wins
  } finally {
    for (const [key, value] of [["AWS_LAMBDA_FUNCTION_NAME", saved.fn], ["AWS_EMF_ENVIRONMENT", saved.env]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

test("options are checked at construction, with messages naming the problem", () => {
  const make = (options: unknown) => () => cloudWatchMetrics(options as Parameters<typeof cloudWatchMetrics>[0]);
  expect(make(undefined)).toThrow(/options object with a namespace/);
  expect(make({})).toThrow(/namespace must be a non-empty string/);
  expect(make({ namespace: "AWS/Pinpoint" })).toThrow(/reserved for AWS services/);
  expect(make({ namespace: "Bad Namespace!" })).toThrow(/invalid characters/);
  expect(make({ namespace: "N", dimensions: { Service: "x" } })).toThrow(/"Service" is a name the adapter writes itself/);
  expect(make({ namespace: "N", dimensions: { Calls: "x" } })).toThrow(/"Calls" is a name the adapter writes itself/);
  expect(make({ namespace: "N", dimensions: { Region: "x" } })).toThrow(/"Region"/);
  expect(make({ namespace: "N", dimensions: { Stage: 3 } })).toThrow(/dimensions.Stage must be a string/);
  expect(make({ namespace: "N", dimensions: { Stage: "   " } })).toThrow(/non-whitespace/);
  expect(make({ namespace: "N", output: "file" })).toThrow(/output must be "auto", "stdout" or "agent"/);
  expect(make({ namespace: "N", flushIntervalMs: -1 })).toThrow(/flushIntervalMs must be an integer/);
  expect(make({ namespace: "N", namespce: "x" })).toThrow(/unknown option "namespce"/);
  expect(make({ namespace: "N", output: "agent", agentEndpoint: "http://127.0.0.1:25888" })).toThrow(/tcp: or udp:/);
  expect(make({ namespace: "N", output: "agent", agentEndpoint: "tcp://127.0.0.1" })).toThrow(/needs a host and a port/);
  expect(make({ namespace: "N", output: "agent", agentEndpoint: "localhost:25888" })).toThrow(/tcp: or udp:/);
});
