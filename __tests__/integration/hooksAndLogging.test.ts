import { createResilience } from "../../src";
import { pinpointClient, SECRET_BODY, SECRET_PHONE, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmable, warmUp } from "../support/warmUp";

const flaky = () => scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]);
const FORBIDDEN_IN_LOGS = [SECRET_PHONE, SECRET_BODY, "hello secret", "AKIDEXAMPLE", "secret-example", "Invalid phone number", "AWS4-HMAC-SHA256"];

// Each behaviour on a client's 1st call, and on its 10th after 9 successful calls (issue 11).
describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  describe("hooks are contained", () => {
    test("a throwing hook and a rejecting hook never change the outcome; one warning each", async () => {
      const rec = recorder();
      const r = createResilience({
        clock: { random: () => 0 },
        hooks: {
          onAttempt: () => {
            throw new Error("attempt hook bug");
          },
          onRetry: async () => {
            throw new Error("retry hook bug");
          },
          onSuccess: () => {
            throw "not even an Error";
          },
        },
      });
      const handler = flaky();
      const warm = warmable(handler);
      const client = pinpointClient({ resilience: r, requestHandler: warm, logger: rec.logger });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm], recorders: [rec] });
      const output = await client.send(sendMessages());
      await new Promise((resolve) => setImmediate(resolve));
      expect(output.$metadata.attempts).toBe(2);
      expect(handler.requests).toHaveLength(2);
      expect(rec.warn).toHaveLength(4); // two attempts, one retry, one success
      expect(rec.warn[0]).toMatch(/^smithy-resilience hook onAttempt failed and was ignored: Error: attempt hook bug$/);
      expect(rec.warn.some((line) => /hook onRetry failed and was ignored: Error: retry hook bug/.test(line))).toBe(true);
      expect(rec.warn.some((line) => /hook onSuccess failed and was ignored: not even an Error/.test(line))).toBe(true);
    });

    test("a hook that throws on give-up still lets the service error through", async () => {
      const r = createResilience({
        hooks: {
          onGiveUp: () => {
            throw new Error("boom");
          },
        },
        logger: { warn: () => {} },
      });
      const handler = warmable(scriptedHandler([errorReply(400, "BadRequestException")]));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler] });
      await expect(client.send(sendMessages())).rejects.toMatchObject({ name: "BadRequestException" });
    });

    test("events are frozen: a hook cannot change what the next one sees", async () => {
      const seen: number[] = [];
      const r = createResilience({
        clock: { random: () => 0 },
        hooks: {
          onAttempt: (event) => {
            seen.push(event.attempt);
            (event as { attempt: number }).attempt = 99;
          },
        },
        logger: { warn: () => {} },
      });
      const handler = warmable(flaky());
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], arrays: [seen] });
      await client.send(sendMessages());
      expect(seen).toEqual([1, 2]);
    });
  });

  describe("debug logging", () => {
    test("one line per failed attempt with its decision, and one on success after retries, via the client's logger", async () => {
      const rec = recorder();
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), errorReply(429, "TooManyRequestsException"), okReply()]));
      const r = createResilience({ debug: true, clock: { random: () => 0.5 }, rateLimiter: false });
      const client = pinpointClient({ resilience: r, requestHandler: handler, logger: rec.logger });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      expect(rec.debug).toEqual([
        "smithy-resilience Pinpoint.SendMessages attempt 1/3 failed: InternalServerErrorException (HTTP 500, TRANSIENT, requestId req-500); retrying in 25 ms",
        "smithy-resilience Pinpoint.SendMessages attempt 2/3 failed: TooManyRequestsException (HTTP 429, THROTTLING, requestId req-429); retrying in 1000 ms",
        expect.stringMatching(/^smithy-resilience Pinpoint\.SendMessages succeeded on attempt 3 after 1025 ms of backoff \(\d+ ms in all\)$/),
      ]);
    });

    test("once the rate limiter paces a quota, lines say at what rate", async () => {
      const rec = recorder();
      const throttled = errorReply(429, "TooManyRequestsException");
      const handler = warmable(scriptedHandler([throttled, throttled, throttled, okReply()]));
      const r = createResilience({ debug: true, maxAttempts: 4, clock: { random: () => 0 } });
      const client = pinpointClient({ resilience: r, requestHandler: handler, logger: rec.logger });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      // A stray throttle paces nothing; the third in a row is a saturated quota.
      expect(rec.debug[0]).toMatch(/\(HTTP 429, THROTTLING, requestId req-429\); retrying in 0 ms$/);
      expect(rec.debug[2]).toMatch(/\(HTTP 429, THROTTLING, requestId req-429, paced at \d+\.\d req\/s\); retrying in 0 ms$/);
    });

    test("give-up lines say why; options.logger overrides the client's logger", async () => {
      const own = recorder();
      const clientLogger = recorder();
      const r = createResilience({ debug: true, logger: own.logger, maxAttempts: 2, clock: { random: () => 0 } });
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServiceErrorException")]));
      const client = smsVoiceClient({ resilience: r, requestHandler: handler, logger: clientLogger.logger });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [handler], recorders: [own, clientLogger] });
      await client.send(sendVoiceMessage()).catch(() => undefined);
      expect(clientLogger.debug).toEqual([]);
      expect(own.debug).toEqual([
        "smithy-resilience PinpointSMSVoice.SendVoiceMessage attempt 1/2 failed: InternalServiceErrorException (HTTP 500, TRANSIENT, requestId req-500); retrying in 0 ms",
        "smithy-resilience PinpointSMSVoice.SendVoiceMessage attempt 2/2 failed: InternalServiceErrorException (HTTP 500, TRANSIENT, requestId req-500); giving up (max-attempts)",
      ]);
    });

    test("no request parameter, phone number, message body, error message, header value or credential ever appears", async () => {
      const rec = recorder();
      const r = createResilience({ debug: true, hooks: rec.hooks, maxAttempts: 3, clock: { random: () => 0 } });
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), { networkError: "ECONNRESET" }, errorReply(400, "BadRequestException")]));
      const client = pinpointClient({ resilience: r, requestHandler: handler, logger: rec.logger });
      // The warm-up's own lines and events are checked too: only after the check are they emptied.
      const checkWarmUp = () => {
        const warmUpLines = [...rec.debug, ...rec.warn, JSON.stringify(rec.events)].join("\n");
        for (const secret of FORBIDDEN_IN_LOGS) expect(warmUpLines).not.toContain(secret);
      };
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec], after: checkWarmUp });
      await client.send(sendMessages()).catch(() => undefined);
      const everything = [...rec.debug, ...rec.warn, JSON.stringify(rec.events)].join("\n");
      expect(rec.debug.length).toBeGreaterThanOrEqual(3);
      for (const secret of FORBIDDEN_IN_LOGS) expect(everything).not.toContain(secret);
    });

    test("debug off: the library logs nothing", async () => {
      const rec = recorder();
      const r = createResilience({ debug: false, clock: { random: () => 0 } });
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), errorReply(400, "BadRequestException")]));
      const client = pinpointClient({ resilience: r, requestHandler: handler, logger: rec.logger });
      // Nothing during the warm-up either: the recorders are only emptied after this check.
      const nothingLogged = () => expect([...rec.debug, ...rec.warn]).toEqual([]);
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec], after: nothingLogged });
      await client.send(sendMessages()).catch(() => undefined);
      expect(rec.debug).toEqual([]);
      expect(rec.warn).toEqual([]);
    });

    test("SMITHY_RESILIENCE_DEBUG=1 turns it on", async () => {
      const rec = recorder();
      process.env.SMITHY_RESILIENCE_DEBUG = "1";
      try {
        const r = createResilience({ clock: { random: () => 0 } });
        const handler = warmable(flaky());
        const client = pinpointClient({ resilience: r, requestHandler: handler, logger: rec.logger });
        await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
        await client.send(sendMessages());
      } finally {
        delete process.env.SMITHY_RESILIENCE_DEBUG;
      }
      expect(rec.debug).toHaveLength(2);
    });

    test("a logger that throws does not fail the call", async () => {
      const r = createResilience({
        debug: true,
        clock: { random: () => 0 },
        logger: {
          debug: () => {
            throw new Error("logger down");
          },
        },
      });
      const handler = warmable(flaky());
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler] });
      const output = await client.send(sendMessages());
      expect(output.$metadata.attempts).toBe(2);
    });
  });
});
