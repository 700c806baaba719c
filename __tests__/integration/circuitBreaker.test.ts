/**
 * The breaker as a dead-service detector, through a real Pinpoint client on an in-memory handler: what
 * it counts and what it never counts. Its dynamics on fake time are in __tests__/breaker; its states
 * against the emulator in __tests__/emulatorIntegration/beyondRetries.test.ts.
 */
import { CircuitOpenError, createResilience } from "../../src";
import { pinpointClient, sendMessages } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmable, warmUp } from "../support/warmUp";

const changesOf = (rec: ReturnType<typeof recorder>) => rec.events.filter((e) => e.type === "onCircuitStateChange").map((e) => `${e.event.from}->${e.event.to}`);

describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  test("a service failing 80% of attempts, with a success now and then, never opens it: every call is sent", async () => {
    const rec = recorder();
    // Four failures, a success: runs of four, below consecutiveFailures.
    const script = warmable(scriptedHandler((i) => (i % 5 === 4 ? okReply() : errorReply(500, "InternalServerErrorException"))));
    const r = createResilience({ hooks: rec.hooks, maxAttempts: 1, rateLimiter: false, circuitBreaker: { consecutiveFailures: 5 } });
    const client = pinpointClient({ resilience: r, requestHandler: script });
    await warmUp(nth, () => client.send(sendMessages()), { handlers: [script], recorders: [rec] });
    const outcomes = [];
    for (let i = 0; i < 100; i++) outcomes.push(await client.send(sendMessages()).then(() => "ok", (e: Error) => e.name));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(20);
    expect(outcomes).not.toContain("CircuitOpenError");
    expect(script.script.requests).toHaveLength(100);
    expect(changesOf(rec)).toEqual([]);
  });

  test("throttling and client errors neither count nor end a run of failures", async () => {
    const rec = recorder();
    const replies = [errorReply(500, "InternalServerErrorException"), errorReply(429, "TooManyRequestsException"), errorReply(400, "BadRequestException"), errorReply(500, "InternalServerErrorException")];
    const script = warmable(scriptedHandler(replies));
    const r = createResilience({ hooks: rec.hooks, maxAttempts: 1, rateLimiter: false, circuitBreaker: { consecutiveFailures: 2 } });
    const client = pinpointClient({ resilience: r, requestHandler: script });
    await warmUp(nth, () => client.send(sendMessages()), { handlers: [script], recorders: [rec] });
    for (let i = 0; i < 3; i++) await client.send(sendMessages()).catch(() => undefined);
    expect(changesOf(rec)).toEqual([]);
    await client.send(sendMessages()).catch(() => undefined);
    expect(changesOf(rec)).toEqual(["closed->open"]);
    await expect(client.send(sendMessages())).rejects.toBeInstanceOf(CircuitOpenError);
    expect(script.script.requests).toHaveLength(4);
  });

  test("an attempt cut short by the caller's abort never counts, whatever it failed with", async () => {
    const rec = recorder();
    let replies = 0;
    // The transport fails the aborted request with a connection reset (a TRANSIENT error), as a socket torn down mid-flight would.
    const handler = warmable({
      handle: (_request: never, options?: { abortSignal?: { addEventListener(type: "abort", listener: () => void): void } }) => {
        if (replies++ > 0) return scriptedHandler([okReply()]).handle({ method: "POST", path: "/", headers: {} });
        return new Promise((_resolve, reject) => {
          options?.abortSignal?.addEventListener("abort", () => reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
        });
      },
    });
    const r = createResilience({ hooks: rec.hooks, maxAttempts: 3, rateLimiter: false, circuitBreaker: { consecutiveFailures: 1 } });
    const client = pinpointClient({ resilience: r, requestHandler: handler });
    await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
    const controller = new AbortController();
    const aborted = client.send(sendMessages(), { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(aborted).rejects.toThrow();
    expect(rec.events.find((e) => e.type === "onAttempt")?.event).toMatchObject({ errorClass: "TRANSIENT" });
    // One failure would open it; the aborted one did not count.
    expect(changesOf(rec)).toEqual([]);
    await expect(client.send(sendMessages())).resolves.toBeDefined();
  });
});
