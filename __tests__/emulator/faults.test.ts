import { PinpointClient, SendUsersMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { startEmulator, type Emulator, type FaultRules } from "../../src/testing";
import { FaultEngine } from "../../src/testing/faults";
import { clientConfig, failure, sendMessages, statusOf } from "./helpers";

/** A manual clock for outages and capacity. */
let clock = 0;
let emulator: Emulator;
let pinpoint: PinpointClient;
let smsVoiceV2: PinpointSMSVoiceV2Client;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
  pinpoint = new PinpointClient(clientConfig(emulator));
  smsVoiceV2 = new PinpointSMSVoiceV2Client(clientConfig(emulator));
});

afterAll(async () => {
  pinpoint.destroy();
  smsVoiceV2.destroy();
  await emulator.close();
});

beforeEach(() => {
  clock = 0;
  emulator.setFaults({});
  emulator.resetStats();
});

async function statuses(count: number, client = pinpoint): Promise<Array<number | "reset">> {
  const result: Array<number | "reset"> = [];
  for (let i = 0; i < count; i++) result.push(await statusOf(client));
  return result;
}

function sendUsersMessages(users: string[]) {
  return pinpoint.send(
    new SendUsersMessagesCommand({
      ApplicationId: "app-1",
      SendUsersMessageRequest: {
        MessageConfiguration: { SMSMessage: { Body: "hello" } },
        Users: Object.fromEntries(users.map((user) => [user, {}])),
      },
    }),
  );
}

describe("scripts", () => {
  test("steps are consumed in order, then requests succeed", async () => {
    emulator.setFaults({ scripts: [{ steps: [500, { status: 429 }, "ok", 503] }] });

    expect(await statuses(6)).toEqual([500, 429, 200, 503, 200, 200]);
  });

  test("repeatLast keeps answering the last step", async () => {
    emulator.setFaults({ scripts: [{ steps: ["ok", 429], repeatLast: true }] });

    expect(await statuses(4)).toEqual([200, 429, 429, 429]);
  });

  test("a script only counts the requests it matches", async () => {
    emulator.setFaults({ scripts: [{ match: { operation: "SendUsersMessages" }, steps: [500] }] });

    expect(await statusOf(pinpoint)).toBe(200);
    expect((await failure(sendUsersMessages(["user-a"]))).$metadata.httpStatusCode).toBe(500);
    expect((await sendUsersMessages(["user-a"])).$metadata.httpStatusCode).toBe(200);
  });

  test("an 'ok' step wins over the later rules", async () => {
    emulator.setFaults({ scripts: [{ steps: ["ok"] }], rates: [{ rate: 1, fault: 500 }] });

    expect(await statuses(2)).toEqual([200, 500]);
  });

  test("setFaults restarts the scripts", async () => {
    const rules: FaultRules = { scripts: [{ steps: [500] }] };
    emulator.setFaults(rules);
    await statusOf(pinpoint);
    emulator.setFaults(rules);

    expect(await statuses(2)).toEqual([500, 200]);
  });
});

describe("seeded rates", () => {
  async function sequence(seed: number): Promise<Array<number | "reset">> {
    const seeded = await startEmulator({ seed, faults: { rates: [{ rate: 0.5, fault: 500 }] } });
    const client = new PinpointClient(clientConfig(seeded));
    try {
      return await statuses(24, client);
    } finally {
      client.destroy();
      await seeded.close();
    }
  }

  test("the same seed gives the same sequence", async () => {
    const first = await sequence(7);

    expect(await sequence(7)).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(500);
    expect(await sequence(8)).not.toEqual(first);
  });

  test("a rate fails about that share of requests, first matching rule first", () => {
    const engine = new FaultEngine(
      { rates: [{ rate: 0.2, fault: 503 }, { rate: 1, fault: 429 }] },
      1,
      () => 0,
    );
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const status = engine.decide({ service: "Pinpoint", operation: "SendMessages" }).fault?.status ?? 200;
      counts[status] = (counts[status] ?? 0) + 1;
    }

    expect(counts[503] / 10_000).toBeGreaterThan(0.18);
    expect(counts[503] / 10_000).toBeLessThan(0.22);
    expect(counts[503] + counts[429]).toBe(10_000);
  });

  test("latency jitter does not shift which requests fail", () => {
    const rates: FaultRules["rates"] = [{ rate: 0.3, fault: 500 }];
    const plain = new FaultEngine({ rates }, 3, () => 0);
    const jittered = new FaultEngine({ rates, latency: { ms: 10, jitterMs: 5 } }, 3, () => 0);
    for (let i = 0; i < 100; i++) {
      const request = { service: "Pinpoint" as const, operation: "SendMessages" };
      const verdict = jittered.decide(request);
      expect(verdict.fault).toEqual(plain.decide(request).fault);
      expect(verdict.delayMs).toBeGreaterThanOrEqual(10);
      expect(verdict.delayMs).toBeLessThan(15);
    }
  });
});

describe("rates drawn per call and attempt (randomBy: call)", () => {
  const rates: FaultRules["rates"] = [{ rate: 0.3, fault: 500 }];
  const request = (call: number, attempt: number) => ({
    service: "Pinpoint" as const,
    operation: "SendMessages",
    invocationId: `invocation-${call}`,
    attempt,
  });
  const failed = (engine: FaultEngine, call: number, attempt: number) => engine.decide(request(call, attempt)).fault !== undefined;

  test("a call's attempt meets the same fault whatever the other calls did in between", () => {
    const oneByOne = new FaultEngine({ rates, randomBy: "call" }, 5, () => 0);
    const interleaved = new FaultEngine({ rates, randomBy: "call" }, 5, () => 0);
    const calls = 200;
    // One engine sees each call's three attempts together; the other sees calls begin in the same order but
    // their retries late and reversed, as another retry policy and timing would send them.
    const byCall = Array.from({ length: calls }, (_, call) => [1, 2, 3].map((attempt) => failed(oneByOne, call, attempt)));
    const firsts = Array.from({ length: calls }, (_, call) => failed(interleaved, call, 1));
    const laterAttempts = Array.from({ length: calls }, (_, i) => calls - 1 - i).map((call) => [3, 2].map((attempt) => failed(interleaved, call, attempt)));
    expect(firsts).toEqual(byCall.map(([first]) => first));
    expect(laterAttempts.reverse()).toEqual(byCall.map(([, second, third]) => [third, second]));
    // Attempts of a call are drawn apart: they do not all share the first one's fate.
    expect(byCall.filter(([first, second]) => first !== second).length).toBeGreaterThan(40);
  });

  test("the rate holds per attempt, and other seeds draw other faults", () => {
    const engine = new FaultEngine({ rates, randomBy: "call" }, 5, () => 0);
    const other = new FaultEngine({ rates, randomBy: "call" }, 6, () => 0);
    let faults = 0;
    let differing = 0;
    for (let call = 0; call < 10_000; call++) {
      const fault = failed(engine, call, 2);
      faults += fault ? 1 : 0;
      differing += fault !== failed(other, call, 2) ? 1 : 0;
    }
    expect(faults / 10_000).toBeGreaterThan(0.28);
    expect(faults / 10_000).toBeLessThan(0.32);
    expect(differing).toBeGreaterThan(3000);
  });

  test("without the SDK's headers, requests draw from the seeded stream", () => {
    const byCall = new FaultEngine({ rates, randomBy: "call" }, 3, () => 0);
    const stream = new FaultEngine({ rates }, 3, () => 0);
    for (let i = 0; i < 100; i++) {
      const plain = { service: "Pinpoint" as const, operation: "SendMessages" };
      expect(byCall.decide(plain).fault).toEqual(stream.decide(plain).fault);
    }
  });

  test.each([
    ["Pinpoint (current line)", "Pinpoint"],
    ["SMS Voice v1 (old line)", "SMS Voice v1"],
  ] as const)("%s: over HTTP, a client that retries meets the first-attempt faults of one that does not", async (_label, line) => {
    const faults: FaultRules = { rates: [{ rate: 0.4, fault: 500 }], randomBy: "call" };
    /** `$metadata.attempts` of each of 24 sequential calls, or 0 for a call that failed. */
    const attemptsOfCalls = async (maxAttempts: number): Promise<number[]> => {
      const paired = await startEmulator({ seed: 11, faults });
      const config = { ...clientConfig(paired), maxAttempts };
      const send =
        line === "Pinpoint"
          ? ((client) => () => sendMessages(client))(new PinpointClient(config))
          : ((client) => () => client.send(new SendVoiceMessageCommand({ DestinationPhoneNumber: "+15550100", Content: {} })))(new PinpointSMSVoiceClient(config));
      const attempts: number[] = [];
      try {
        for (let i = 0; i < 24; i++) attempts.push(await send().then((output) => output.$metadata.attempts ?? 1, () => 0));
        return attempts;
      } finally {
        await paired.close();
      }
    };
    const once = await attemptsOfCalls(1);
    const withRetries = await attemptsOfCalls(3);
    expect(once).toContain(0);
    expect(withRetries.filter((attempts) => attempts > 1).length).toBeGreaterThan(0);
    expect(withRetries.map((attempts) => attempts === 1)).toEqual(once.map((attempts) => attempts === 1));
  });
});

describe("capacity", () => {
  test("a token bucket per service answers the native throttling error when empty", async () => {
    emulator.setFaults({ capacity: { requestsPerSecond: 10, burst: 2 } });

    expect(await statuses(3)).toEqual([200, 200, 429]);
    clock = 100; // one token back
    expect(await statuses(2)).toEqual([200, 429]);
    clock = 10_000; // refilled, but never above the burst
    expect(await statuses(3)).toEqual([200, 200, 429]);

    const v2 = await smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" }));
    expect(v2.$metadata.httpStatusCode).toBe(200);
    await smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" }));
    const throttled = await failure(smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" })));
    expect(throttled.name).toBe("ThrottlingException");
  });

  test("the burst defaults to a tenth of a second of capacity", () => {
    let now = 0;
    const engine = new FaultEngine({ capacity: { requestsPerSecond: 300 } }, 1, () => now);
    const throttledAt = () => {
      for (let i = 0; ; i++) {
        if (engine.decide({ service: "Pinpoint", operation: "SendMessages" }).fault) return i;
      }
    };

    expect(throttledAt()).toBe(30);
    now = 1000;
    expect(throttledAt()).toBe(30);
  });
});

describe("outages", () => {
  test("requests inside [fromMs, toMs) get the fault, timed from the last setFaults", async () => {
    emulator.setFaults({ outages: [{ fromMs: 1000, toMs: 2000, fault: { status: 503, retryAfter: "1" } }] });

    clock = 999;
    expect(await statusOf(pinpoint)).toBe(200);
    clock = 1000;
    expect(await statusOf(pinpoint)).toBe(503);
    clock = 1999;
    expect((await failure(sendMessages(pinpoint))).$response?.headers["retry-after"]).toBe("1");
    clock = 2000;
    expect(await statusOf(pinpoint)).toBe(200);

    emulator.setFaults({ outages: [{ fromMs: 0, toMs: 10, match: { service: "Pinpoint" } }] });
    expect(await statusOf(pinpoint)).toBe(500);
    const v2 = await smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" }));
    expect(v2.$metadata.httpStatusCode).toBe(200);
  });

  test("scripts come before outages", async () => {
    emulator.setFaults({ scripts: [{ steps: [429] }], outages: [{ fromMs: 0, toMs: 10 }] });

    expect(await statuses(2)).toEqual([429, 500]);
  });
});

describe("latency", () => {
  test("delayed responses still arrive", async () => {
    emulator.setFaults({ latency: { ms: 2, jitterMs: 2 }, scripts: [{ steps: [{ status: 500, latencyMs: 2 }] }] });

    expect(await statuses(2)).toEqual([500, 200]);
  });

  test("close() ends requests still waiting", async () => {
    const slow = await startEmulator({ faults: { latency: { ms: 60_000 } } });
    const client = new PinpointClient(clientConfig(slow));
    const call = failure(sendMessages(client));
    while (slow.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 1));

    await slow.close();

    expect((await call).message).toMatch(/socket hang up/);
    client.destroy();
  });
});

describe("deliveryStatus", () => {
  test("byAddress scripts the Nth sighting of an address, then SUCCESSFUL", async () => {
    emulator.setFaults({ deliveryStatus: { byAddress: { "+15550100": ["THROTTLED", "TEMPORARY_FAILURE"] } } });
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push((await sendMessages(pinpoint, ["+15550100", "+15550101"])).MessageResponse?.Result ?? {});
    }

    expect(results.map((r) => r["+15550100"].DeliveryStatus)).toEqual(["THROTTLED", "TEMPORARY_FAILURE", "SUCCESSFUL"]);
    expect(results[0]["+15550100"]).toMatchObject({ StatusCode: 429 });
    expect(results[0]["+15550100"].MessageId).toBeUndefined();
    expect(results[1]["+15550100"].StatusCode).toBe(500);
    expect(results.map((r) => r["+15550101"].DeliveryStatus)).toEqual(["SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL"]);
  });

  test("a rate applies per address and per user, inside an HTTP 200", async () => {
    emulator.setFaults({ deliveryStatus: { rate: 1, status: "PERMANENT_FAILURE" } });

    const messages = await sendMessages(pinpoint, ["+15550100"]);
    const users = await sendUsersMessages(["user-a"]);

    expect(messages.$metadata.httpStatusCode).toBe(200);
    expect(messages.MessageResponse?.Result?.["+15550100"]).toMatchObject({ DeliveryStatus: "PERMANENT_FAILURE", StatusCode: 400 });
    const [endpoint] = Object.values(users.SendUsersMessageResponse?.Result?.["user-a"] ?? {});
    expect(endpoint.DeliveryStatus).toBe("PERMANENT_FAILURE");
  });
});

describe("stats and recorded requests", () => {
  test("count requests per operation and status", async () => {
    emulator.setFaults({ scripts: [{ steps: [500, { reset: true }] }] });
    await statuses(3);
    await smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" }));

    expect(emulator.stats()).toEqual({
      requests: 4,
      byOperation: {
        "Pinpoint.SendMessages": { requests: 3, byStatus: { "200": 1, "500": 1 }, resets: 1 },
        "PinpointSMSVoiceV2.SendTextMessage": { requests: 1, byStatus: { "200": 1 }, resets: 0 },
      },
    });
    const recorded = emulator.requests();
    expect(recorded.map((r) => r.status)).toEqual([500, "reset", 200, 200]);
    expect(recorded[0]).toMatchObject({
      service: "Pinpoint",
      operation: "SendMessages",
      at: 0,
      body: { Addresses: { "+15550100": { ChannelType: "SMS" } } },
    });
    expect(recorded[0].headers["amz-sdk-request"]).toBe("attempt=1; max=1");
    expect(recorded[3].headers["x-amz-target"]).toBe("PinpointSMSVoiceV2.SendTextMessage");

    emulator.resetStats();
    expect(emulator.stats()).toEqual({ requests: 0, byOperation: {} });
    expect(emulator.requests()).toEqual([]);
  });
});
