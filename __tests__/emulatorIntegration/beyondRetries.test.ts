/**
 * Issue 4 behaviours through the real clients against the emulator: circuit breaker, deadline, abort,
 * per-operation policy, idempotency-safe sends and partial-failure re-send. Time that matters comes from
 * an injected clock. Each on a client's 1st call, and on its 10th after 9 successful calls over the same
 * client (issue 11); the faults of the calls under test are set after the warm-up.
 */
import { GetAppsCommand, InternalServerErrorException, SendUsersMessagesCommand } from "@aws-sdk/client-pinpoint";
import { CircuitOpenError, createResilience } from "../../src";
import type { ResilienceOptions } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { pinpointClient, sendMessages, sendMessagesTo, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmUp } from "../support/warmUp";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.setFaults({});
  emulator.resetStats();
});

const requestsTo = (key: string) => emulator.stats().byOperation[key]?.requests ?? 0;

/** A clock the test moves by hand: set `clock.t`, pass `clock.option`. Waits on it move it. */
function manualClock() {
  const clock = {
    t: 0,
    option: {
      now: () => clock.t,
      random: () => 0,
      sleep: async (ms: number) => void (clock.t += ms),
    },
  };
  return clock;
}

/**
 * For breaker tests: the warm-up calls are made a minute (on the manual clock) before the test's time 0,
 * so that their successes have left the breaker's window by the calls under test. Successes within the
 * window would, by design, change how many failures open it.
 */
const WARM_UP_AT = -60_000;
function warmUpBeforeTimeZero(clock: ReturnType<typeof manualClock>) {
  clock.t = WARM_UP_AT;
  return { after: () => void (clock.t = 0) };
}

describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  describe("circuit breaker", () => {
    const breaker = { consecutiveFailures: 4, probeIntervalMs: 5_000, closeAfterSuccesses: 2 };

    test("opens on failures in a row, fails fast with zero requests, probes once per interval (a failed probe keeps it open), closes after two successes", async () => {
      const rec = recorder();
      const clock = manualClock();
      const r = createResilience({ hooks: rec.hooks, clock: clock.option, circuitBreaker: breaker, maxAttempts: 2 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec], ...warmUpBeforeTimeZero(clock) });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });

      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(InternalServerErrorException);
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(InternalServerErrorException);
      expect(requestsTo("Pinpoint.SendMessages")).toBe(4); // 4 failed attempts in a row: the breaker opens on the 4th
      const changes = () => rec.events.filter((e) => e.type === "onCircuitStateChange").map((e) => `${e.event.from}->${e.event.to}`);
      expect(changes()).toEqual(["closed->open"]);

      // Open: rejected at once, nothing reaches the service.
      clock.t = 1_000;
      const open = await client.send(sendMessages()).catch((e: unknown) => e);
      expect(open).toBeInstanceOf(CircuitOpenError);
      expect(open).toMatchObject({ name: "CircuitOpenError", service: "Pinpoint", region: "us-east-1", retryAfterMs: 4_000 });
      expect(requestsTo("Pinpoint.SendMessages")).toBe(4);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "circuit-open", attempts: 0, errorName: "CircuitOpenError" });

      // A probe interval after it opened: one probe; it fails, the breaker stays open (no event), and the probe is not retried.
      clock.t = 6_000;
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(InternalServerErrorException);
      expect(requestsTo("Pinpoint.SendMessages")).toBe(5);
      expect(changes()).toEqual(["closed->open"]);
      expect(rec.events.filter((e) => e.type === "onGiveUp").at(-1)?.event).toMatchObject({ reason: "circuit-open", attempts: 1 });
      // The next probe comes a probe interval after that one.
      clock.t = 6_500;
      await expect(client.send(sendMessages())).rejects.toMatchObject({ name: "CircuitOpenError", retryAfterMs: 4_500 });
      expect(requestsTo("Pinpoint.SendMessages")).toBe(5);

      // Healthy again: the next probe succeeds (half-open), and the call after it closes the breaker.
      emulator.setFaults({});
      clock.t = 12_000;
      await client.send(sendMessages());
      expect(changes()).toEqual(["closed->open", "open->half-open"]);
      await client.send(sendMessages());
      expect(changes()).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
      expect(rec.events.filter((e) => e.type === "onCircuitStateChange").every((e) => e.event.service === "Pinpoint" && e.event.region === "us-east-1")).toBe(true);
    });

    test("open, it lets one call through per probe interval: concurrent calls fail fast", async () => {
      const clock = manualClock();
      const r = createResilience({ clock: clock.option, circuitBreaker: { ...breaker, consecutiveFailures: 2 }, maxAttempts: 1 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], ...warmUpBeforeTimeZero(clock) });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
      await client.send(sendMessages()).catch(() => undefined);
      await client.send(sendMessages()).catch(() => undefined);
      clock.t = 5_000;
      emulator.setFaults({ latency: { ms: 50 } });
      const results = await Promise.allSettled([client.send(sendMessages()), client.send(sendMessages()), client.send(sendMessages())]);
      expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "rejected"]);
      expect(results.filter((result) => result.status === "rejected").every((result) => (result as PromiseRejectedResult).reason instanceof CircuitOpenError)).toBe(true);
    });

    test("400s and throttling do not open it", async () => {
      const clock = manualClock();
      const r = createResilience({ clock: clock.option, circuitBreaker: { ...breaker, consecutiveFailures: 2 }, maxAttempts: 1 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], ...warmUpBeforeTimeZero(clock) });
      emulator.setFaults({ scripts: [{ steps: [400, 429, 400, 429, 400, 429], repeatLast: false }] });
      for (let i = 0; i < 6; i++) await client.send(sendMessages()).catch(() => undefined);
      await client.send(sendMessages());
      expect(requestsTo("Pinpoint.SendMessages")).toBe(7);
    });

    test("two clients sharing one instance keep separate breakers (per endpoint)", async () => {
      const other = await startEmulator({ seed: 12 });
      try {
        const rec = recorder();
        const clock = manualClock();
        const r = createResilience({ hooks: rec.hooks, clock: clock.option, circuitBreaker: { ...breaker, consecutiveFailures: 2 }, maxAttempts: 1 });
        const failing = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
        const healthy = pinpointClient({ resilience: r, endpoint: other.endpoint });
        const sends = [() => failing.send(sendMessages()), () => healthy.send(sendMessages())];
        await warmUp(nth, sends, { emulators: [emulator, other], recorders: [rec], ...warmUpBeforeTimeZero(clock) });
        emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
        await failing.send(sendMessages()).catch(() => undefined);
        await failing.send(sendMessages()).catch(() => undefined);
        await expect(failing.send(sendMessages())).rejects.toBeInstanceOf(CircuitOpenError);
        await expect(healthy.send(sendMessages())).resolves.toBeDefined();
        expect(other.stats().requests).toBe(1);
      } finally {
        await other.close();
      }
    });

    test("circuitBreaker: false never fails fast", async () => {
      const r = createResilience({ circuitBreaker: false, maxAttempts: 1 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator] });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
      for (let i = 0; i < 30; i++) await client.send(sendMessages()).catch(() => undefined);
      expect(requestsTo("Pinpoint.SendMessages")).toBe(30);
    });
  });

  describe("deadline", () => {
    test("a retry whose delay would cross deadlineMs is not made", async () => {
      const rec = recorder();
      const clock = manualClock();
      const options: ResilienceOptions = { hooks: rec.hooks, clock: clock.option, maxAttempts: 5, deadlineMs: 100, backoff: { baseMs: 30, jitter: "none" } };
      const client = pinpointClient({ resilience: createResilience(options), endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(InternalServerErrorException);
      // Delays 30 and 60 fit (the clock stands still); 120 would cross 100 ms.
      expect(rec.events.filter((e) => e.type === "onRetry").map((e) => e.event.delayMs)).toEqual([30, 60]);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "deadline", attempts: 3 });
    });

    test("time already spent counts: the clock's elapsed time is part of the budget", async () => {
      const rec = recorder();
      const clock = manualClock();
      const r = createResilience({
        hooks: { ...rec.hooks, onAttempt: () => void (clock.t += 80) },
        clock: clock.option,
        maxAttempts: 5,
        deadlineMs: 100,
        backoff: { baseMs: 10, jitter: "none" },
      });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
      await client.send(sendMessages()).catch(() => undefined);
      expect(requestsTo("Pinpoint.SendMessages")).toBe(2);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "deadline" });
    });
  });

  describe("abort", () => {
    test("current line: abort during a backoff rejects without waiting for it and sends nothing more", async () => {
      const rec = recorder();
      const controller = new AbortController();
      const r = createResilience({
        clock: { random: () => 0 },
        hooks: { ...rec.hooks, onRetry: () => void setImmediate(() => controller.abort()) },
      });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ scripts: [{ steps: [{ status: 500, retryAfter: "1" }] }] });
      const startedAt = performance.now();
      const error = await client.send(sendMessages(), { abortSignal: controller.signal }).catch((e: unknown) => e);
      // The backoff was 1 s; rejecting well before it proves the abort cut it short.
      const elapsedMs = performance.now() - startedAt;
      expect(elapsedMs).toBeLessThan(900);
      expect((error as Error).name).toBe("AbortError");
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "aborted" });
      // The SDK leaves its own backoff timer running after the abort: let it end, then check nothing was sent.
      await new Promise((resolve) => setTimeout(resolve, 1_100 - elapsedMs));
      expect(requestsTo("Pinpoint.SendMessages")).toBe(1);
    });

    test("old SMS Voice line: the abort is seen when the backoff ends, and nothing more is sent", async () => {
      const rec = recorder();
      const controller = new AbortController();
      const r = createResilience({ clock: { random: () => 0 }, hooks: { ...rec.hooks, onRetry: () => void setImmediate(() => controller.abort()) } });
      const client = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ scripts: [{ steps: [{ status: 500, retryAfter: "0.1" }, "ok"] }] });
      const error = await client.send(sendVoiceMessage(), { abortSignal: controller.signal }).catch((e: unknown) => e);
      expect((error as Error).name).toBe("AbortError");
      expect(requestsTo("PinpointSMSVoice.SendVoiceMessage")).toBe(1);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "aborted" });
    });
  });

  describe("per-operation policy", () => {
    test("operations.SendMessages.maxAttempts overrides the default for that operation only", async () => {
      const r = createResilience({ clock: { random: () => 0 }, circuitBreaker: false, maxAttempts: 3, operations: { SendMessages: { maxAttempts: 2 } } });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, [() => client.send(sendMessages()), () => client.send(new GetAppsCommand({}))], { emulators: [emulator] });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
      await client.send(sendMessages()).catch(() => undefined);
      await client.send(new GetAppsCommand({})).catch(() => undefined);
      expect(requestsTo("Pinpoint.SendMessages")).toBe(2);
      expect(requestsTo("Pinpoint.GetApps")).toBe(3);
    });
  });

  describe("retryNonIdempotent: false", () => {
    const strict = (rec: ReturnType<typeof recorder>, extra: ResilienceOptions = {}) =>
      createResilience({ hooks: rec.hooks, clock: { random: () => 0 }, circuitBreaker: false, retryNonIdempotent: false, ...extra });

    test("a 500'd SendMessages is sent exactly once; a 429 is still retried", async () => {
      const rec = recorder();
      const client = pinpointClient({ resilience: strict(rec), endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ scripts: [{ steps: [500, 429, "ok"] }] });
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(InternalServerErrorException);
      expect(requestsTo("Pinpoint.SendMessages")).toBe(1);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "non-idempotent", attempts: 1 });
      const output = await client.send(sendMessages());
      expect(output.$metadata.attempts).toBe(2);
    });

    test("a reset SendVoiceMessage (may have been processed) is not resent", async () => {
      const rec = recorder();
      const client = smsVoiceClient({ resilience: strict(rec), endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ scripts: [{ steps: [{ reset: true }, "ok"] }] });
      await client.send(sendVoiceMessage()).catch(() => undefined);
      expect(requestsTo("PinpointSMSVoice.SendVoiceMessage")).toBe(1);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "non-idempotent" });
    });

    test("idempotent operations (GetApps) are still retried after a 500", async () => {
      const rec = recorder();
      const client = pinpointClient({ resilience: strict(rec), endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(new GetAppsCommand({})), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ scripts: [{ steps: [500, "ok"] }] });
      const output = await client.send(new GetAppsCommand({}));
      expect(output.$metadata.attempts).toBe(2);
    });

    test("a refused connection proves nothing was sent, so even SendMessages is retried", async () => {
      const rec = recorder();
      // The client warms up against a live emulator, which then goes away: its port refuses connections.
      const closed = await startEmulator();
      const client = pinpointClient({ resilience: strict(rec), endpoint: closed.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [closed], recorders: [rec] });
      await closed.close();
      // Until the client sees the server's side of its kept-alive sockets close (a timer turn later), its next
      // attempt would reuse one and meet a hang-up, not a refusal: a reset after sending, which may have been
      // processed, so not resent under retryNonIdempotent: false. This test is about a refused connection.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await client.send(sendMessages()).catch(() => undefined);
      const attempts = rec.events.filter((e) => e.type === "onAttempt");
      expect(attempts).toHaveLength(3);
      expect(attempts[0].event.errorName).toMatch(/ECONNREFUSED|TimeoutError/);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "max-attempts" });
    });

    test("operations.X.idempotent: true overrides the table", async () => {
      const rec = recorder();
      const r = strict(rec, { operations: { SendMessages: { idempotent: true } } });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ scripts: [{ steps: [500, "ok"] }] });
      expect((await client.send(sendMessages())).$metadata.attempts).toBe(2);
    });
  });

  describe("retryPartialFailures", () => {
    const A = "+15555550001";
    const B = "+15555550002";
    const C = "+15555550003";
    const addressesOf = (request: { body: unknown }) =>
      Object.keys((request.body as { Addresses?: Record<string, unknown> }).Addresses ?? {}).sort();

    test("re-sends only THROTTLED / TEMPORARY_FAILURE addresses and merges one SDK-shaped response", async () => {
      const rec = recorder();
      const r = createResilience(rec.options({ retryPartialFailures: true, maxAttempts: 3, debug: true, logger: rec.logger }));
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessagesTo([A, B, C])), { emulators: [emulator], recorders: [rec] });
      emulator.setFaults({ deliveryStatus: { byAddress: { [B]: ["THROTTLED"], [C]: ["TEMPORARY_FAILURE", "TEMPORARY_FAILURE"] } } });
      const output = await client.send(sendMessagesTo([A, B, C]));
      const sent = emulator.requests().filter((request) => request.operation === "SendMessages").map(addressesOf);
      expect(sent).toEqual([[A, B, C], [B, C], [C]]);
      const result = output.MessageResponse?.Result ?? {};
      expect(Object.keys(result).sort()).toEqual([A, B, C]);
      expect(Object.values(result).every((entry) => entry.DeliveryStatus === "SUCCESSFUL" && entry.MessageId)).toBe(true);
      expect(output.$metadata.attempts).toBe(3);
      const retries = rec.events.filter((e) => e.type === "onRetry").map((e) => [e.event.resentAddresses, e.event.errorName, e.event.errorClass]);
      expect(retries).toEqual([
        [2, "TEMPORARY_FAILURE/THROTTLED", "THROTTLING"],
        [1, "TEMPORARY_FAILURE", "TRANSIENT"],
      ]);
      expect(rec.debug.some((line) => /2 address\(es\) TEMPORARY_FAILURE\/THROTTLED; re-sending them in \d+ ms/.test(line))).toBe(true);
      expect(rec.events.at(-1)).toMatchObject({ type: "onSuccess", event: { attempts: 3 } });
      expect(rec.debug.join("\n")).not.toContain(B.slice(2));
    });

    test("within maxAttempts: what is still failing comes back as the service said it", async () => {
      const r = createResilience({ clock: { random: () => 0 }, retryPartialFailures: true, maxAttempts: 2 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessagesTo([A, B])), { emulators: [emulator] });
      emulator.setFaults({ deliveryStatus: { byAddress: { [B]: ["THROTTLED", "THROTTLED", "THROTTLED"] } } });
      const output = await client.send(sendMessagesTo([A, B]));
      expect(output.MessageResponse?.Result?.[A].DeliveryStatus).toBe("SUCCESSFUL");
      expect(output.MessageResponse?.Result?.[B].DeliveryStatus).toBe("THROTTLED");
      expect(requestsTo("Pinpoint.SendMessages")).toBe(2);
    });

    test("a failed re-send round keeps the delivered results and does not fail the call", async () => {
      const r = createResilience({ clock: { random: () => 0 }, retryPartialFailures: true, maxAttempts: 3 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessagesTo([A, B])), { emulators: [emulator] });
      emulator.setFaults({ scripts: [{ steps: ["ok", 400] }], deliveryStatus: { byAddress: { [B]: ["THROTTLED"] } } });
      const output = await client.send(sendMessagesTo([A, B]));
      expect(output.MessageResponse?.Result?.[A].DeliveryStatus).toBe("SUCCESSFUL");
      expect(output.MessageResponse?.Result?.[B].DeliveryStatus).toBe("THROTTLED");
      expect(requestsTo("Pinpoint.SendMessages")).toBe(2);
    });

    test("SendUsersMessages: users with no delivered endpoint are re-sent", async () => {
      const r = createResilience({ clock: { random: () => 0 }, retryPartialFailures: true });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      const sendUsersMessages = () =>
        client.send(
          new SendUsersMessagesCommand({
            ApplicationId: "app-1",
            SendUsersMessageRequest: { Users: { "user-1": {}, "user-2": {} }, MessageConfiguration: { SMSMessage: { Body: "hi" } } },
          }),
        );
      await warmUp(nth, sendUsersMessages, { emulators: [emulator] });
      emulator.setFaults({ deliveryStatus: { byAddress: { "user-2": ["TEMPORARY_FAILURE"] } } });
      const output = await sendUsersMessages();
      const sentUsers = emulator
        .requests()
        .filter((request) => request.operation === "SendUsersMessages")
        .map((request) => Object.keys((request.body as { Users: object }).Users).sort());
      expect(sentUsers).toEqual([["user-1", "user-2"], ["user-2"]]);
      const statuses = Object.values(output.SendUsersMessageResponse?.Result ?? {}).flatMap((endpoints) => Object.values(endpoints).map((e) => e.DeliveryStatus));
      expect(statuses).toEqual(["SUCCESSFUL", "SUCCESSFUL"]);
    });

    test("off by default: a partial failure is returned as is", async () => {
      const client = pinpointClient({ resilience: createResilience(), endpoint: emulator.endpoint });
      await warmUp(nth, () => client.send(sendMessagesTo([A, B])), { emulators: [emulator] });
      emulator.setFaults({ deliveryStatus: { byAddress: { [B]: ["THROTTLED"] } } });
      const output = await client.send(sendMessagesTo([A, B]));
      expect(output.MessageResponse?.Result?.[B].DeliveryStatus).toBe("THROTTLED");
      expect(requestsTo("Pinpoint.SendMessages")).toBe(1);
    });
  });
});
