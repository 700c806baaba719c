/**
 * `createResilience({ metrics: cloudWatchMetrics(…) })` with the real clients of both SDK lines (Pinpoint
 * and SMS Voice v2 on the current one, SMS Voice v1 frozen at 3.523 on Smithy 2.x) over HTTP to the
 * emulator, records going over TCP to a stand-in for the CloudWatch agent: every record is valid EMF,
 * and per service and operation the counts are what the calls did. On a client's 1st call and on its
 * 10th (issue 11); the warm-up's records are written and set aside first.
 */
import "./emfEnv";
import { createResilience } from "../../src";
import { cloudWatchMetrics } from "../../src/cloudwatch";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { pinpointClient, sendMessages, sendTextMessage, sendVoiceMessage, smsVoiceClient, smsVoiceV2Client } from "../support/clients";
import { CALLS_UNDER_TEST, warmUp } from "../support/warmUp";
import { directive, startTcpAgent, total, valuesOf, withSets } from "./support";
import type { EmfRecord, FakeAgent } from "./support";

let emulator: Emulator;
let agent: FakeAgent;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 13 });
  agent = await startTcpAgent();
});
afterAll(async () => {
  await emulator.close();
  await agent.close();
});

const OPERATION_SETS = [["Environment", "Service", "Operation"], ["Environment", "Service"]];

/** The operation record of one service and operation among `records`. */
function operationRecord(records: EmfRecord[], service: string, operation: string): EmfRecord {
  const found = withSets(records, OPERATION_SETS).filter((r) => r.Service === service && r.Operation === operation);
  expect(found).toHaveLength(1);
  return found[0];
}

describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  test("retries, throttles and give-ups on both SDK lines are counted per service and operation", async () => {
    const metrics = cloudWatchMetrics({
      namespace: "Test/Emulator",
      dimensions: { Environment: "test" },
      output: "agent",
      agentEndpoint: agent.endpoint,
      flushIntervalMs: 0,
      flushOnExit: false,
    });
    const r = createResilience({ metrics, maxAttempts: 3, clock: { random: () => 0 } });
    const pinpoint = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    const voice = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
    const voiceV2 = smsVoiceV2Client({ resilience: r, endpoint: emulator.endpoint });

    const earlier = agent.records().length; // the agent is shared by the tests of this file
    await warmUp(nth, [() => pinpoint.send(sendMessages()), () => voice.send(sendVoiceMessage()), () => voiceV2.send(sendTextMessage())], { emulators: [emulator] });
    await metrics.flush();
    const before = earlier + (nth.warmUpCalls === 0 ? 0 : 3); // the warm-up's: one record per operation
    await agent.waitFor(before);

    emulator.setFaults({
      scripts: [
        { match: { service: "Pinpoint" }, steps: [500, 429, "ok"] },
        { match: { service: "PinpointSMSVoice" }, steps: [500, "ok", 400] },
        { match: { service: "PinpointSMSVoiceV2" }, steps: [500], repeatLast: true },
      ],
    });
    await pinpoint.send(sendMessages());
    await voice.send(sendVoiceMessage());
    await expect(voice.send(sendVoiceMessage())).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await expect(voiceV2.send(sendTextMessage())).rejects.toMatchObject({ $metadata: { attempts: 3 } });
    await metrics.flush();
    await metrics.close();

    // 3 operation records; retries by class: Pinpoint 2, v1 1, v2 1; give-ups by reason: v1 1, v2 1.
    const records = (await agent.waitFor(before + 9)).slice(before);
    expect(records).toHaveLength(9);
    for (const record of records) {
      expect(directive(record).Namespace).toBe("Test/Emulator");
      expect(record).toMatchObject({ Environment: "test", Region: "us-east-1" });
      for (const set of directive(record).Dimensions) expect(set[0]).toBe("Environment");
    }

    const counts = (service: string, operation: string) => {
      const record = operationRecord(records, service, operation);
      return Object.fromEntries(["Calls", "Attempts", "Retries", "GiveUps", "Throttles", "CircuitOpen"].map((name) => [name, valuesOf(record, name)[0]]));
    };
    expect(counts("Pinpoint", "SendMessages")).toEqual({ Calls: 1, Attempts: 3, Retries: 2, GiveUps: 0, Throttles: 1, CircuitOpen: 0 });
    expect(counts("PinpointSMSVoice", "SendVoiceMessage")).toEqual({ Calls: 2, Attempts: 3, Retries: 1, GiveUps: 1, Throttles: 0, CircuitOpen: 0 });
    expect(counts("PinpointSMSVoiceV2", "SendTextMessage")).toEqual({ Calls: 1, Attempts: 3, Retries: 2, GiveUps: 1, Throttles: 0, CircuitOpen: 0 });

    expect(total(records, "Retries", { Service: "Pinpoint", ErrorClass: "TRANSIENT" })).toBe(1);
    expect(total(records, "Retries", { Service: "Pinpoint", ErrorClass: "THROTTLING" })).toBe(1);
    expect(total(records, "Retries", { Service: "PinpointSMSVoice", ErrorClass: "TRANSIENT" })).toBe(1);
    expect(total(records, "Retries", { Service: "PinpointSMSVoiceV2", ErrorClass: "TRANSIENT" })).toBe(2);
    expect(total(records, "GiveUps", { Service: "PinpointSMSVoice", Reason: "non-retryable" })).toBe(1);
    expect(total(records, "GiveUps", { Service: "PinpointSMSVoiceV2", Reason: "max-attempts" })).toBe(1);

    for (const [service, operation, calls] of [
      ["Pinpoint", "SendMessages", 1],
      ["PinpointSMSVoice", "SendVoiceMessage", 2],
      ["PinpointSMSVoiceV2", "SendTextMessage", 1],
    ] as const) {
      const latency = valuesOf(operationRecord(records, service, operation), "Latency");
      expect(latency).toHaveLength(calls);
      for (const ms of latency) expect(ms).toBeGreaterThan(0);
    }
  });
});
