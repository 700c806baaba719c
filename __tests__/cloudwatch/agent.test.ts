/**
 * Host mode: records go to the CloudWatch agent's EMF endpoint, here a TCP or UDP listener on
 * 127.0.0.1 standing in for the agent. Every record received is checked against the EMF schema; the
 * agent's log group and stream travel in `_aws`. An agent that is down, restarts or resets its
 * connection costs records (reported once through `onError`), never the process.
 */
import "./emfEnv";
import { cloudWatchMetrics, DEFAULT_LOG_GROUP_NAME } from "../../src/cloudwatch";
import type { CloudWatchMetricsOptions, CloudWatchMetricsSink } from "../../src/cloudwatch";
import type { SuccessEvent } from "../../src";
import { directive, startTcpAgent, startUdpAgent, total, valuesOf } from "./support";
import type { FakeAgent } from "./support";

const success = (over: Partial<SuccessEvent> = {}): SuccessEvent => ({
  service: "PinpointSMSVoiceV2",
  operation: "SendTextMessage",
  region: "eu-west-1",
  attempts: 1,
  totalDelayMs: 0,
  durationMs: 31,
  ...over,
});

const agents: FakeAgent[] = [];
const sinks: CloudWatchMetricsSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
  for (const agent of agents.splice(0)) await agent.close();
});

function agentSink(agent: FakeAgent | string, options: Partial<CloudWatchMetricsOptions> = {}): CloudWatchMetricsSink {
  const sink = cloudWatchMetrics({
    namespace: "Test/Host",
    output: "agent",
    agentEndpoint: typeof agent === "string" ? agent : agent.endpoint,
    flushIntervalMs: 0,
    flushOnExit: false,
    ...options,
  });
  sinks.push(sink);
  return sink;
}

describe.each([
  ["TCP", startTcpAgent],
  ["UDP", startUdpAgent],
])("over %s", (_, start) => {
  test("records arrive valid, with the log group and stream the agent reads", async () => {
    const agent = await start();
    agents.push(agent);
    const sink = agentSink(agent, { logGroupName: "/app/messaging-metrics", logStreamName: "host-1", dimensions: { Environment: "test" } });
    expect(sink.agentEndpoint).toBe(agent.endpoint);
    sink.onSuccess!(success());
    sink.onGiveUp!({ ...success(), attempts: 2, reason: "max-attempts", errorName: "ThrottlingException", errorClass: "THROTTLING", durationMs: 90 });
    await sink.flush();
    const records = await agent.waitFor(2);
    for (const record of records) {
      expect(record._aws.LogGroupName).toBe("/app/messaging-metrics");
      expect(record._aws.LogStreamName).toBe("host-1");
      expect(directive(record).Namespace).toBe("Test/Host");
      expect(record).toMatchObject({ Environment: "test", Service: "PinpointSMSVoiceV2", Operation: "SendTextMessage", Region: "eu-west-1" });
    }
    expect(total(records, "Calls")).toBe(2);
    expect(records).toHaveLength(2); // the operation's record and the one by give-up reason
    expect(total(records, "GiveUps", { Reason: "max-attempts" })).toBe(1);
    expect(records.flatMap((r) => valuesOf(r, "Latency")).sort((a, b) => a - b)).toEqual([31, 90]);
  });
});

test("the log group defaults to AWS_EMF_LOG_GROUP_NAME, else smithy-resilience-metrics; the endpoint to AWS_EMF_AGENT_ENDPOINT", async () => {
  const agent = await startTcpAgent();
  agents.push(agent);
  const saved = { group: process.env.AWS_EMF_LOG_GROUP_NAME, endpoint: process.env.AWS_EMF_AGENT_ENDPOINT };
  try {
    delete process.env.AWS_EMF_LOG_GROUP_NAME;
    process.env.AWS_EMF_AGENT_ENDPOINT = agent.endpoint;
    const plain = cloudWatchMetrics({ namespace: "Test/Host", output: "agent", flushIntervalMs: 0, flushOnExit: false });
    sinks.push(plain);
    expect(plain.agentEndpoint).toBe(agent.endpoint);
    plain.onSuccess!(success());
    await plain.flush();
    expect((await agent.waitFor(1))[0]._aws.LogGroupName).toBe(DEFAULT_LOG_GROUP_NAME);

    process.env.AWS_EMF_LOG_GROUP_NAME = "from-env";
    const fromEnv = cloudWatchMetrics({ namespace: "Test/Host", output: "agent", flushIntervalMs: 0, flushOnExit: false });
    sinks.push(fromEnv);
    fromEnv.onSuccess!(success());
    await fromEnv.flush();
    expect((await agent.waitFor(2))[1]._aws.LogGroupName).toBe("from-env");
  } finally {
    for (const [key, value] of [["AWS_EMF_LOG_GROUP_NAME", saved.group], ["AWS_EMF_AGENT_ENDPOINT", saved.endpoint]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

test("no connection is opened before the first write, and close() ends it", async () => {
  const agent = await startTcpAgent();
  agents.push(agent);
  const sink = agentSink(agent);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(agent.connections()).toEqual({ accepted: 0, open: 0 });
  sink.onSuccess!(success());
  await sink.flush();
  await agent.waitFor(1);
  expect(agent.connections()).toEqual({ accepted: 1, open: 1 });
  await sink.close();
  const deadline = Date.now() + 2000;
  while (agent.connections().open > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(agent.connections().open).toBe(0);
});

test("an agent that is down, resets the connection or comes back: records lost are reported once, the process goes on", async () => {
  const errors: unknown[] = [];
  const agent = await startTcpAgent();
  const port = Number(new URL(agent.endpoint).port);
  const sink = agentSink(agent, { onError: (error) => errors.push(error) });
  const send = async (durationMs: number) => {
    sink.onSuccess!(success({ durationMs }));
    await sink.flush();
  };

  await send(1);
  await agent.waitFor(1);
  // The agent crashes with the connection open: a reset. aws-embedded-metrics 4.2.1 alone lets the
  // socket's "error" event go unhandled here, which would end this process (and fail this test).
  agent.resetConnections();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await send(2); // the library reconnects to the same listener
  await agent.waitFor(2);

  await agent.close(); // the agent is down
  await send(3);
  await send(4);
  expect(errors.length).toBeGreaterThanOrEqual(1);
  const reported = errors.length;

  const back = await startTcpAgent(port); // the agent restarts on its port
  agents.push(back);
  await send(5);
  const records = await back.waitFor(1);
  expect(records.flatMap((r) => valuesOf(r, "Latency"))).toEqual([5]);
  expect(errors).toHaveLength(reported); // the outage was reported, not every failed write
  expect(reported).toBeLessThanOrEqual(2); // the reset and the outage at most

  await send(6); // and after a success, a new outage would be reported again
  await back.waitFor(2);
});

test("a TCP endpoint nobody listens on: flush() resolves, onError hears of it once", async () => {
  const agent = await startTcpAgent();
  const endpoint = agent.endpoint;
  await agent.close();
  const errors: unknown[] = [];
  const sink = agentSink(endpoint, { onError: (error) => errors.push(error) });
  sink.onSuccess!(success());
  sink.onSuccess!(success({ region: "us-west-2" }));
  await expect(sink.flush()).resolves.toBeUndefined();
  expect(errors).toHaveLength(1);
  expect(String((errors[0] as Error).message ?? errors[0])).toMatch(/ECONNREFUSED/);
});

test("an onError that throws is contained", async () => {
  const agent = await startTcpAgent();
  const endpoint = agent.endpoint;
  await agent.close();
  const sink = agentSink(endpoint, {
    onError: () => {
      throw new Error("boom");
    },
  });
  sink.onSuccess!(success());
  await expect(sink.flush()).resolves.toBeUndefined();
});
