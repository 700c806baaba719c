import { InternalServerErrorException, BadRequestException, GetAppsCommand, TooManyRequestsException } from "@aws-sdk/client-pinpoint";
import { LimitExceededException } from "@aws-sdk/client-pinpoint-sms-voice";
import { createResilience } from "../../src";
import { pinpointClient, sendMessages, sendTextMessage, sendVoiceMessage, smsVoiceClient, smsVoiceV2Client } from "../support/clients";
import type { ClientWiring } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import type { Reply } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmable, warmUp } from "../support/warmUp";

const v2Error = (status: number, type: string): Reply => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `req-${status}` },
  body: JSON.stringify({ __type: `com.amazonaws.pinpointsmsvoicev2#${type}`, Message: "m" }),
});

/** A client's canonical send, for tests run on either line. */
const pinpointSender = (w: ClientWiring) => {
  const client = pinpointClient(w);
  return () => client.send(sendMessages());
};
const smsVoiceSender = (w: ClientWiring) => {
  const client = smsVoiceClient(w);
  return () => client.send(sendVoiceMessage());
};

// Each behaviour on a client's 1st call, and on its 10th after 9 successful calls (issue 11).
describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  describe("retries through the real clients (in-memory handler)", () => {
    test("Pinpoint: two 500s then success, with the full hook sequence", async () => {
      const rec = recorder();
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException"), errorReply(500, "InternalServerErrorException"), okReply()]);
      const warm = warmable(handler);
      const client = pinpointClient({ resilience: createResilience(rec.options()), requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], recorders: [rec] });
      const output = await client.send(sendMessages());
      expect(handler.requests).toHaveLength(3);
      expect(output.$metadata.attempts).toBe(3);
      expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
      expect(rec.events[0].event).toMatchObject({
        service: "Pinpoint",
        operation: "SendMessages",
        attempt: 1,
        httpStatusCode: 500,
        errorName: "InternalServerErrorException",
        errorClass: "TRANSIENT",
        requestId: "req-500",
      });
      expect(rec.events[1].event).toEqual({
        service: "Pinpoint",
        operation: "SendMessages",
        region: "us-east-1",
        attempt: 1,
        delayMs: 0,
        errorName: "InternalServerErrorException",
        errorClass: "TRANSIENT",
      });
      expect(rec.events[4].event).toMatchObject({ attempt: 3, httpStatusCode: 200, requestId: "req-ok" });
      expect(rec.events[4].event.errorName).toBeUndefined();
      expect(rec.events[5].event).toMatchObject({ service: "Pinpoint", operation: "SendMessages", attempts: 3, totalDelayMs: 0 });
    });

    test("SMS Voice v1 (old runtime line): InternalServiceErrorException retried", async () => {
      const rec = recorder();
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServiceErrorException"), okReply({ MessageId: "m-1" })]));
      const client = smsVoiceClient({ resilience: createResilience(rec.options()), requestHandler: handler });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [handler], recorders: [rec] });
      const output = await client.send(sendVoiceMessage());
      expect(output.MessageId).toBe("m-1");
      expect(output.$metadata.attempts).toBe(2);
      expect(rec.events.find((e) => e.type === "onRetry")?.event).toMatchObject({ service: "PinpointSMSVoice", operation: "SendVoiceMessage", errorClass: "TRANSIENT" });
    });

    test("SMS Voice v2: InternalServerException and ThrottlingException retried", async () => {
      const rec = recorder();
      const handler = warmable(scriptedHandler([v2Error(500, "InternalServerException"), v2Error(400, "ThrottlingException"), okReply({ MessageId: "m-2" })]));
      const client = smsVoiceV2Client({ resilience: createResilience(rec.options()), requestHandler: handler });
      await warmUp(nth, () => client.send(sendTextMessage()), { handlers: [handler], recorders: [rec] });
      const output = await client.send(sendTextMessage());
      expect(output.MessageId).toBe("m-2");
      const retries = rec.events.filter((e) => e.type === "onRetry").map((e) => [e.event.errorName, e.event.errorClass]);
      expect(retries).toEqual([
        ["InternalServerException", "TRANSIENT"],
        ["ThrottlingException", "THROTTLING"],
      ]);
    });

    test.each([
      ["Pinpoint 400", pinpointSender, errorReply(400, "BadRequestException"), BadRequestException],
      ["SMS Voice v1 412", smsVoiceSender, errorReply(412, "LimitExceededException"), LimitExceededException],
    ])("%s fails after one request with the service's own error", async (_label, sender, reply, errorClass) => {
      const rec = recorder();
      const handler = scriptedHandler([reply, okReply()]);
      const warm = warmable(handler);
      const send = sender({ resilience: createResilience(rec.options()), requestHandler: warm });
      await warmUp(nth, send, { handlers: [warm], recorders: [rec] });
      const error = await send().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect(handler.requests).toHaveLength(1);
      expect((error as { $metadata: { attempts: number } }).$metadata.attempts).toBe(1);
      expect(rec.types()).toEqual(["onAttempt", "onGiveUp"]);
      expect(rec.events[1].event).toMatchObject({ attempts: 1, reason: "non-retryable", errorClass: "CLIENT_ERROR" });
    });

    test("SMS Voice v1 412 without this library: the SDK retries it (the reason for the table)", async () => {
      const handler = scriptedHandler([errorReply(412, "LimitExceededException")]);
      const warm = warmable(handler);
      const client = smsVoiceClient({ requestHandler: warm, maxAttempts: 2 });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [warm] });
      await expect(client.send(sendVoiceMessage())).rejects.toBeInstanceOf(LimitExceededException);
      expect(handler.requests).toHaveLength(2);
    });

    test("throttling: classified THROTTLING, retried with the throttling base when not paced", async () => {
      const rec = recorder();
      const handler = warmable(scriptedHandler([errorReply(429, "TooManyRequestsException"), okReply()]));
      const r = createResilience(rec.options({ clock: { random: () => 0.01 }, backoff: { throttlingBaseMs: 1000, baseMs: 50 }, rateLimiter: false }));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      expect(rec.events.find((e) => e.type === "onRetry")?.event).toMatchObject({ errorClass: "THROTTLING", delayMs: 10 });
    });

    test("throttling while the rate limiter paces the quota: the limiter spaces the retry, a shorter backoff", async () => {
      const rec = recorder();
      const throttled = errorReply(429, "TooManyRequestsException");
      const handler = warmable(scriptedHandler([throttled, throttled, throttled, okReply()]));
      const r = createResilience(rec.options({ maxAttempts: 4, clock: { random: () => 0.01 }, backoff: { throttlingBaseMs: 1000, baseMs: 50 } }));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      // A stray throttle, then another, back off from the throttling base (1000 ms × 2^n × 0.01); the third in a row
      // is a saturated quota: the limiter paces it, and the retry backs off from the shorter base (500 ms × 4 × 0.01).
      const retries = rec.events.filter((e) => e.type === "onRetry").map((e) => e.event);
      expect(retries.map((e) => [e.errorClass, e.delayMs])).toEqual([
        ["THROTTLING", 10],
        ["THROTTLING", 20],
        ["THROTTLING", 20],
      ]);
      expect(rec.events.filter((e) => e.type === "onAttempt").at(-1)?.event.sendRate).toBeGreaterThan(0);
    });

    test("an operation metered on its own has its own limiter: a throttled SendMessages paces SendMessages, not GetApps", async () => {
      const rec = recorder();
      // Three throttles in a row: a saturated quota, not a stray throttle.
      const handler = warmable(scriptedHandler((i) => (i < 3 ? errorReply(429, "TooManyRequestsException") : okReply())));
      const r = createResilience(rec.options({ maxAttempts: 4, clock: { random: () => 0.01 }, backoff: { throttlingBaseMs: 1000, baseMs: 50 } }));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      const lastAttempt = () => rec.events.filter((e) => e.type === "onAttempt").at(-1)?.event;
      // Warmed up with both operations, neither of them throttled.
      await warmUp(nth, [() => client.send(sendMessages()), () => client.send(new GetAppsCommand({}))], { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      expect(lastAttempt()).toMatchObject({ operation: "SendMessages", sendRate: expect.any(Number) });
      await client.send(new GetAppsCommand({}));
      expect(lastAttempt()).toMatchObject({ operation: "GetApps", sendRate: undefined });
      // The next SendMessages finds the same limiter, still pacing.
      await client.send(sendMessages());
      expect(lastAttempt()).toMatchObject({ operation: "SendMessages", sendRate: expect.any(Number) });
    });

    test("while the limiter paces, a throttled attempt waits its turn again: no attempt spent, no backoff", async () => {
      const rec = recorder();
      const throttled = errorReply(429, "TooManyRequestsException");
      // Three 429s end the first call (maxAttempts 3) and start the pacing; then three more, paced, and an OK.
      const handler = warmable(scriptedHandler([throttled, throttled, throttled, throttled, throttled, throttled, okReply()]));
      const r = createResilience(rec.options({ clock: { random: () => 0.01 }, backoff: { throttlingBaseMs: 1000, baseMs: 50 } }));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(TooManyRequestsException);
      rec.events.length = 0;
      const output = await client.send(sendMessages());
      expect(output.$metadata.attempts).toBe(4);
      expect(rec.events.filter((e) => e.type === "onRetry").map((e) => e.event.delayMs)).toEqual([0, 0, 0]);
      for (const attempt of rec.events.filter((e) => e.type === "onAttempt")) expect(attempt.event.sendRate).toBeGreaterThan(0);
    });

    test("a call with paced throttles counts its attempt limit past them: no line reads attempt 4/3", async () => {
      const rec = recorder();
      const throttled = errorReply(429, "TooManyRequestsException");
      const failed = errorReply(500, "InternalServerErrorException");
      // Three 429s end the first call and start the pacing; the next call meets two paced 429s, then 500s.
      const handler = warmable(scriptedHandler([throttled, throttled, throttled, throttled, throttled, failed, failed, failed]));
      const r = createResilience(rec.options({ debug: true, logger: rec.logger, clock: { random: () => 0.01 }, backoff: { throttlingBaseMs: 1000, baseMs: 2 } }));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(TooManyRequestsException);
      rec.debug.length = 0;
      const error = await client.send(sendMessages()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerErrorException);
      expect((error as InternalServerErrorException).$metadata.attempts).toBe(5);
      const labels = rec.debug.map((line) => /attempt (\d+)\/(\d+)/.exec(line)).filter((m) => m !== null);
      expect(labels.map((m) => `${m[1]}/${m[2]}`)).toEqual(["1/4", "2/5", "3/5", "4/5", "5/5"]);
    });

    test("maxAttempts is respected; the final error is the service's own, with $metadata right", async () => {
      const rec = recorder();
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException")]);
      const warm = warmable(handler);
      const r = createResilience(rec.options({ maxAttempts: 4, backoff: { jitter: "none", baseMs: 2 } }));
      const client = pinpointClient({ resilience: r, requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], recorders: [rec] });
      const error = await client.send(sendMessages()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerErrorException);
      expect(handler.requests).toHaveLength(4);
      const metadata = (error as InternalServerErrorException).$metadata;
      expect(metadata.attempts).toBe(4);
      expect(metadata.totalRetryDelay).toBe(2 + 4 + 8);
      expect(rec.events.filter((e) => e.type === "onRetry").map((e) => e.event.delayMs)).toEqual([2, 4, 8]);
      expect(rec.events.at(-1)).toEqual({
        type: "onGiveUp",
        event: { service: "Pinpoint", operation: "SendMessages", region: "us-east-1", attempts: 4, reason: "max-attempts", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: expect.any(Number) },
      });
    });

    test("the amz-sdk-request header counts attempts", async () => {
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]);
      const warm = warmable(handler);
      const client = pinpointClient({ resilience: createResilience({ clock: { random: () => 0 } }), requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm] });
      await client.send(sendMessages());
      expect(handler.requests.map((r) => r.headers["amz-sdk-request"]?.split(";")[0])).toEqual(["attempt=1", "attempt=2"]);
      // The warm-up calls were single attempts too, each numbered from 1.
      expect(warm.warmUpRequests.map((r) => r.headers["amz-sdk-request"]?.split(";")[0])).toEqual(Array.from({ length: nth.warmUpCalls }, () => "attempt=1"));
    });

    test("Retry-After (seconds) is honoured on the old line, capped by maxRetryAfterMs", async () => {
      const rec = recorder();
      const handler = warmable(
        scriptedHandler([
          errorReply(429, "TooManyRequestsException", { "retry-after": "0.03" }),
          errorReply(429, "TooManyRequestsException", { "retry-after": "120" }),
          okReply({ MessageId: "m" }),
        ]),
      );
      const r = createResilience(rec.options({ maxRetryAfterMs: 40 }));
      const client = smsVoiceClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [handler], recorders: [rec] });
      const output = await client.send(sendVoiceMessage());
      expect(rec.events.filter((e) => e.type === "onRetry").map((e) => e.event.delayMs)).toEqual([30, 40]);
      expect(output.$metadata.totalRetryDelay).toBe(70);
    });

    test("x-amz-retry-after (ms) is a lower bound on the delay on the new line", async () => {
      const rec = recorder();
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException", { "x-amz-retry-after": "25" }), okReply()]));
      const client = pinpointClient({ resilience: createResilience(rec.options()), requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      expect(rec.events.find((e) => e.type === "onRetry")?.event.delayMs).toBe(25);
    });

    test("HTML 503 (status lost from $metadata on the old line) is retried", async () => {
      const rec = recorder();
      const html: Reply = { status: 503, headers: { "content-type": "text/html" }, body: "<html><body>Service Unavailable</body></html>" };
      const handler = warmable(scriptedHandler([html, okReply({ MessageId: "m" })]));
      const client = smsVoiceClient({ resilience: createResilience(rec.options()), requestHandler: handler });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [handler], recorders: [rec] });
      const output = await client.send(sendVoiceMessage());
      expect(output.$metadata.attempts).toBe(2);
      expect(rec.events[0].event).toMatchObject({ httpStatusCode: 503, errorClass: "TRANSIENT" });
    });

    test.each([
      ["Pinpoint", pinpointSender],
      ["SMS Voice v1", smsVoiceSender],
    ])("%s: a reset connection is retried", async (_label, sender) => {
      const rec = recorder();
      const handler = warmable(scriptedHandler([{ networkError: "ECONNRESET" }, okReply()]));
      const send = sender({ resilience: createResilience(rec.options()), requestHandler: handler });
      await warmUp(nth, send, { handlers: [handler], recorders: [rec] });
      const output = await send();
      expect(output.$metadata.attempts).toBe(2);
      expect(rec.events[0].event).toMatchObject({ errorName: "ECONNRESET", errorClass: "TRANSIENT" });
      expect(rec.events[0].event.httpStatusCode).toBeUndefined();
    });

    test("a SERVER_ERROR (501) is not retried", async () => {
      const rec = recorder();
      const handler = scriptedHandler([errorReply(501, "NotImplemented"), okReply()]);
      const warm = warmable(handler);
      const client = pinpointClient({ resilience: createResilience(rec.options()), requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], recorders: [rec] });
      await expect(client.send(sendMessages())).rejects.toThrow();
      expect(handler.requests).toHaveLength(1);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "non-retryable", errorClass: "SERVER_ERROR" });
    });

    test("custom classify sees service and operation and can make a 400 retryable", async () => {
      const handler = scriptedHandler([errorReply(400, "BadRequestException"), okReply()]);
      const warm = warmable(handler);
      const seen: unknown[] = [];
      const r = createResilience({
        clock: { random: () => 0 },
        classify: (error, context) => {
          seen.push(context);
          return (error as Error).name === "BadRequestException" ? "TRANSIENT" : undefined;
        },
      });
      const client = pinpointClient({ resilience: r, requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], arrays: [seen] });
      await client.send(sendMessages());
      expect(handler.requests).toHaveLength(2);
      expect(seen[0]).toEqual({ service: "Pinpoint", operation: "SendMessages" });
    });

    test("abort during backoff on the new line gives up with reason aborted and sends nothing more", async () => {
      const rec = recorder();
      const controller = new AbortController();
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException", { "retry-after": "0.2" })]);
      const warm = warmable(handler);
      const r = createResilience(
        rec.options({
          hooks: { ...rec.hooks, onRetry: (event) => { rec.hooks.onRetry(event); setImmediate(() => controller.abort()); } },
        }),
      );
      const client = pinpointClient({ resilience: r, requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], recorders: [rec] });
      const error = await client.send(sendMessages(), { abortSignal: controller.signal }).catch((e: unknown) => e);
      expect((error as Error).name).toBe("AbortError");
      expect(handler.requests).toHaveLength(1);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "aborted" });
      // The SDK leaves its backoff timer running after the abort; let it end so the worker exits cleanly.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(handler.requests).toHaveLength(1);
    });
  });

  describe("retry budget", () => {
    test("shared by the calls of one instance per service+region; a 500 storm drains it, then calls give up", async () => {
      const rec = recorder();
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException")]);
      const warm = warmable(handler);
      const r = createResilience(rec.options({ maxAttempts: 2, retryBudget: { capacity: 30, retryCost: 14 } }));
      const client = pinpointClient({ resilience: r, requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], recorders: [rec] });
      for (let i = 0; i < 3; i++) await client.send(sendMessages()).catch(() => undefined);
      // Two calls retried once each (28 tokens); the third finds 2 tokens and does not retry.
      expect(handler.requests).toHaveLength(2 + 2 + 1);
      expect(rec.events.filter((e) => e.type === "onGiveUp").map((e) => e.event.reason)).toEqual(["max-attempts", "max-attempts", "retry-budget"]);
      expect(r.retryStrategy.availableBudget("Pinpoint", "us-east-1")).toBe(2);
      // Another service keeps its own bucket.
      expect(r.retryStrategy.availableBudget("PinpointSMSVoice", "us-east-1")).toBe(30);
    });

    test("SMS Voice v1 keeps no budget by default, as its SDK client keeps none: a 500 storm retries every call; given explicitly, the budget applies", async () => {
      const storm = async (service: "Pinpoint" | "PinpointSMSVoice", retryBudget?: object) => {
        const rec = recorder();
        const handler = warmable(scriptedHandler([errorReply(500, service === "Pinpoint" ? "InternalServerErrorException" : "InternalServiceErrorException")]));
        // No breaker: 50 calls of 2 attempts are past its 75 failures in a row, and the budget is under test.
        const r = createResilience(rec.options({ maxAttempts: 2, circuitBreaker: false, clock: { random: () => 0 }, ...(retryBudget ? { retryBudget } : {}) }));
        const wiring = { resilience: r, requestHandler: handler };
        const [client, send] = service === "Pinpoint" ? [pinpointClient(wiring), sendMessages] : [smsVoiceClient(wiring), sendVoiceMessage];
        const sendOne = () => (client.send as (command: unknown) => Promise<unknown>)(send());
        await warmUp(nth, sendOne, { handlers: [handler], recorders: [rec] });
        for (let i = 0; i < 50; i++) await sendOne().catch(() => undefined);
        return { requests: handler.script.requests.length, budgetGiveUps: rec.events.filter((e) => e.type === "onGiveUp" && e.event.reason === "retry-budget").length };
      };
      // 500 tokens at 14 a retry pay for 35 retries; the other 15 calls are not retried.
      expect(await storm("Pinpoint")).toEqual({ requests: 50 + 35, budgetGiveUps: 15 });
      expect(await storm("PinpointSMSVoice")).toEqual({ requests: 100, budgetGiveUps: 0 });
      expect(await storm("PinpointSMSVoice", {})).toEqual({ requests: 50 + 35, budgetGiveUps: 15 });
    });

    test("a success refunds what the call drew, never above capacity", async () => {
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]));
      const r = createResilience({ clock: { random: () => 0 }, retryBudget: { capacity: 100, retryCost: 14 } });
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler] });
      await client.send(sendMessages());
      expect(r.retryStrategy.availableBudget("Pinpoint", "us-east-1")).toBe(100);
    });

    test("throttling retries cost throttlingCost; retryBudget:false never limits", async () => {
      const throttled = warmable(scriptedHandler([errorReply(429, "TooManyRequestsException")]));
      const r = createResilience({ clock: { random: () => 0 }, maxAttempts: 3, retryBudget: { capacity: 100, retryCost: 14, throttlingCost: 5 } });
      const throttledClient = pinpointClient({ resilience: r, requestHandler: throttled });
      await warmUp(nth, () => throttledClient.send(sendMessages()), { handlers: [throttled] });
      await throttledClient.send(sendMessages()).catch(() => undefined);
      expect(r.retryStrategy.availableBudget("Pinpoint", "us-east-1")).toBe(90);
      const unlimited = createResilience({ clock: { random: () => 0 }, maxAttempts: 5, retryBudget: false });
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException")]);
      const warm = warmable(handler);
      const client = pinpointClient({ resilience: unlimited, requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm] });
      await client.send(sendMessages()).catch(() => undefined);
      expect(handler.requests).toHaveLength(5);
      expect(unlimited.retryStrategy.availableBudget("Pinpoint", "us-east-1")).toBeUndefined();
    });
  });
});
