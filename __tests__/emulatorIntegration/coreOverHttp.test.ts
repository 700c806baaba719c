/**
 * The core behaviours again, through the real clients over real HTTP to the emulator: what users see.
 * Each on a client's 1st call, and on its 10th after 9 successful calls over the same client (issue 11);
 * the faults of the call under test are set after the warm-up.
 */
import { BadRequestException, InternalServerErrorException } from "@aws-sdk/client-pinpoint";
import { LimitExceededException } from "@aws-sdk/client-pinpoint-sms-voice";
import { createResilience } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { pinpointClient, sendMessages, sendTextMessage, sendVoiceMessage, smsVoiceClient, smsVoiceV2Client } from "../support/clients";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmUp } from "../support/warmUp";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.setFaults({});
  emulator.resetStats();
});

const requestsTo = (key: string) => emulator.stats().byOperation[key]?.requests ?? 0;

describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  test("Pinpoint: 500, 500, then success; hooks in order; $metadata right", async () => {
    const rec = recorder();
    const client = pinpointClient({ resilience: createResilience(rec.options()), endpoint: emulator.endpoint });
    await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec] });
    emulator.setFaults({ scripts: [{ steps: [500, 500, "ok"] }] });
    const output = await client.send(sendMessages());
    expect(output.$metadata).toMatchObject({ attempts: 3, httpStatusCode: 200 });
    expect(requestsTo("Pinpoint.SendMessages")).toBe(3);
    expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
    expect(rec.events[0].event.requestId).toMatch(/^emu-/);
  });

  test("SMS Voice v1 and v2: native transient errors retried to success", async () => {
    const rec = recorder();
    const r = createResilience(rec.options());
    const voice = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
    const voiceV2 = smsVoiceV2Client({ resilience: r, endpoint: emulator.endpoint });
    await warmUp(nth, [() => voice.send(sendVoiceMessage()), () => voiceV2.send(sendTextMessage())], { emulators: [emulator], recorders: [rec] });
    emulator.setFaults({ scripts: [{ match: { service: "PinpointSMSVoice" }, steps: [500, "ok"] }, { match: { service: "PinpointSMSVoiceV2" }, steps: [500, 429, "ok"] }] });
    expect((await voice.send(sendVoiceMessage())).$metadata.attempts).toBe(2);
    expect((await voiceV2.send(sendTextMessage())).$metadata.attempts).toBe(3);
    const retried = rec.events.filter((e) => e.type === "onRetry").map((e) => `${e.event.service}:${e.event.errorName}:${e.event.errorClass}`);
    expect(retried).toEqual([
      "PinpointSMSVoice:InternalServiceErrorException:TRANSIENT",
      "PinpointSMSVoiceV2:InternalServerException:TRANSIENT",
      "PinpointSMSVoiceV2:ThrottlingException:THROTTLING",
    ]);
  });

  test("a 400 and a 412 fail after exactly one request", async () => {
    const r = createResilience({ clock: { random: () => 0 } });
    const pinpoint = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    const voice = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
    await warmUp(nth, [() => pinpoint.send(sendMessages()), () => voice.send(sendVoiceMessage())], { emulators: [emulator] });
    emulator.setFaults({ scripts: [{ match: { service: "Pinpoint" }, steps: [400], repeatLast: true }, { match: { service: "PinpointSMSVoice" }, steps: [412], repeatLast: true }] });
    await expect(pinpoint.send(sendMessages())).rejects.toBeInstanceOf(BadRequestException);
    await expect(voice.send(sendVoiceMessage())).rejects.toBeInstanceOf(LimitExceededException);
    expect(requestsTo("Pinpoint.SendMessages")).toBe(1);
    expect(requestsTo("PinpointSMSVoice.SendVoiceMessage")).toBe(1);
  });

  test("maxAttempts respected against a permanent 500; the error is the service's class", async () => {
    const r = createResilience({ maxAttempts: 2, clock: { random: () => 0 }, circuitBreaker: false });
    const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator] });
    emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
    const error = await client.send(sendMessages()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerErrorException);
    expect((error as InternalServerErrorException).$metadata.attempts).toBe(2);
    expect(requestsTo("Pinpoint.SendMessages")).toBe(2);
  });

  test("old line: numeric Retry-After honoured; HTML 503 retried; reset connection retried", async () => {
    const rec = recorder();
    const r = createResilience(rec.options({ maxAttempts: 4 }));
    const client = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
    await warmUp(nth, () => client.send(sendVoiceMessage()), { emulators: [emulator], recorders: [rec] });
    emulator.setFaults({
      scripts: [{ match: { service: "PinpointSMSVoice" }, steps: [{ status: 429, retryAfter: "0.05" }, { status: 503, html: true }, { reset: true }, "ok"] }],
    });
    const output = await client.send(sendVoiceMessage());
    expect(output.$metadata.attempts).toBe(4);
    const retries = rec.events.filter((e) => e.type === "onRetry").map((e) => [e.event.errorClass, e.event.delayMs]);
    expect(retries).toEqual([
      ["THROTTLING", 50],
      ["TRANSIENT", 0],
      ["TRANSIENT", 0],
    ]);
    const attempts = rec.events.filter((e) => e.type === "onAttempt").map((e) => e.event.httpStatusCode);
    expect(attempts).toEqual([429, 503, undefined, 200]);
    expect(emulator.stats().byOperation["PinpointSMSVoice.SendVoiceMessage"]).toMatchObject({ requests: 4, resets: 1 });
  });
});
