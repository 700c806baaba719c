/**
 * Issue 13 through the real clients, on both SDK runtime lines: metrics sinks beside the hooks (the same
 * frozen events, the call's region on each), `durationMs` of give-ups on a manual clock on every path
 * (call layer, partial re-send, strategy alone, circuit open), and `r.snapshot()` against the emulator
 * (faults open a breaker, 429s start pacing). Each on a client's 1st call and on its 10th (issue 11).
 */
import { GetAppsCommand } from "@aws-sdk/client-pinpoint";
import { createResilience } from "../../src";
import type { CircuitOpenError } from "../../src";
import type { MetricsSink, ResilienceOptions, RouteSnapshot } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { pinpointClient, SECRET_BODY, SECRET_PHONE, sendMessages, sendVoiceMessage, smsVoiceClient, smsVoiceV2Client, sendTextMessage } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import type { Reply } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmable, warmUp } from "../support/warmUp";

/** A clock the test moves by hand; waits on it move it. */
function manualClock() {
  const clock = {
    t: 0,
    option: { now: () => clock.t, random: () => 0, sleep: async (ms: number) => void (clock.t += ms) },
  };
  return clock;
}

/** A handler whose every request takes `ms` on `clock`. */
function ticking<H extends { handle: (request: never, options?: never) => Promise<unknown> }>(handler: H, clock: { t: number }, ms = 100) {
  return {
    handle: (request: never, options?: never) => {
      clock.t += ms;
      return handler.handle(request, options);
    },
  };
}

/** A sink that records what it receives, by hook. */
function recordingSink() {
  const events: Array<{ type: string; event: object }> = [];
  const on = (type: string) => (event: object) => void events.push({ type, event });
  const sink: Required<Omit<MetricsSink, "attach">> = {
    onAttempt: on("onAttempt"),
    onRetry: on("onRetry"),
    onSuccess: on("onSuccess"),
    onGiveUp: on("onGiveUp"),
    onCircuitStateChange: on("onCircuitStateChange"),
  };
  return { sink, events };
}

/** Same events by identity: `{ ...event }` copies made by the recorder are compared to the sink's originals. */
function identicalEvents(hooks: Array<{ type: string; event: object }>, sink: Array<{ type: string; event: object }>): void {
  expect(sink.map((e) => e.type)).toEqual(hooks.map((e) => e.type));
  expect(sink.map((e) => e.event)).toEqual(hooks.map((e) => e.event));
}

const PARTIAL_BODY = (status: string) => ({ ApplicationId: "app-1", Result: { [SECRET_PHONE]: { DeliveryStatus: status, StatusCode: status === "SUCCESSFUL" ? 200 : 429 } } });

describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  describe("sinks beside the hooks (in-memory handler)", () => {
    test.each([
      ["Pinpoint (current line)", (o: { resilience: ReturnType<typeof createResilience>; requestHandler: unknown }) => {
        const client = pinpointClient(o);
        return () => client.send(sendMessages());
      }, errorReply(500, "InternalServerErrorException")],
      ["SMS Voice v1 (old line)", (o: { resilience: ReturnType<typeof createResilience>; requestHandler: unknown }) => {
        const client = smsVoiceClient(o);
        return () => client.send(sendVoiceMessage());
      }, errorReply(500, "InternalServiceErrorException")],
    ] as const)("%s: every event reaches the hooks and each sink, the same frozen object, with the call's region", async (_label, make, failure) => {
      const rec = recorder();
      const a = recordingSink();
      const b = recordingSink();
      const seenByHooks: Array<{ type: string; event: object }> = [];
      const hooks = Object.fromEntries(
        Object.entries(rec.hooks).map(([type, hook]) => [type, (event: object) => (seenByHooks.push({ type, event }), (hook as (e: object) => void)(event))]),
      );
      const handler = warmable(scriptedHandler([failure, okReply({ MessageId: "m-1" })]));
      const send = make({ resilience: createResilience(rec.options({ hooks, metrics: [a.sink, b.sink] })), requestHandler: handler });
      await warmUp(nth, send, { handlers: [handler], recorders: [rec], arrays: [a.events, b.events, seenByHooks] });
      await send();
      expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onSuccess"]);
      identicalEvents(seenByHooks, a.events);
      identicalEvents(seenByHooks, b.events);
      for (const [i, { event }] of a.events.entries()) {
        expect(event).toBe(seenByHooks[i].event);
        expect(event).toBe(b.events[i].event);
        expect(Object.isFrozen(event)).toBe(true);
        expect(event).toMatchObject({ region: "us-east-1" });
      }
    });

    test("SMS Voice v2: a sink alone (no hooks) gets every event, region included", async () => {
      const a = recordingSink();
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerException"), okReply({ MessageId: "m-2" })]));
      const client = smsVoiceV2Client({ resilience: createResilience({ clock: { random: () => 0 }, metrics: a.sink }), requestHandler: handler });
      await warmUp(nth, () => client.send(sendTextMessage()), { handlers: [handler], arrays: [a.events] });
      await client.send(sendTextMessage());
      expect(a.events.map((e) => e.type)).toEqual(["onAttempt", "onRetry", "onAttempt", "onSuccess"]);
      expect(a.events.map((e) => (e.event as { region?: string }).region)).toEqual(["us-east-1", "us-east-1", "us-east-1", "us-east-1"]);
    });

    test("a sink whose listener throws, and one whose attach threw, are contained; the call and the other listeners are not affected", async () => {
      const rec = recorder();
      const kept = recordingSink();
      const broken: MetricsSink = {
        attach: () => {
          throw new Error("no meter provider");
        },
        onRetry: () => {
          throw new Error("exporter down");
        },
        onSuccess: kept.sink.onSuccess,
      };
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]));
      const r = createResilience(rec.options({ logger: rec.logger, metrics: broken }));
      const client = pinpointClient({ resilience: r, requestHandler: handler });
      expect(rec.warn).toEqual(["smithy-resilience metrics.attach failed and was ignored: Error: no meter provider"]);
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec], arrays: [kept.events] });
      const output = await client.send(sendMessages());
      expect(output.$metadata.attempts).toBe(2);
      expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onSuccess"]);
      expect(kept.events.map((e) => e.type)).toEqual(["onSuccess"]);
      expect(rec.warn).toEqual(["smithy-resilience metrics.onRetry failed and was ignored: Error: exporter down"]);
    });

    test("the strategy alone: region is unknown on retries, successes and give-ups", async () => {
      const a = recordingSink();
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply(), errorReply(400, "BadRequestException")]));
      const client = pinpointClient({ resilience: createResilience({ clock: { random: () => 0 }, metrics: a.sink }), plugin: false, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], arrays: [a.events] });
      await client.send(sendMessages());
      await client.send(sendMessages()).catch(() => undefined);
      expect(a.events.map((e) => e.type)).toEqual(["onRetry", "onSuccess", "onGiveUp"]);
      expect(a.events.map((e) => (e.event as { region?: string }).region)).toEqual(["unknown", "unknown", "unknown"]);
    });
  });

  describe("durationMs of a give-up: the whole call on the instance's clock (each request takes 100 ms)", () => {
    const giveUp = (rec: ReturnType<typeof recorder>) => rec.events.filter((e) => e.type === "onGiveUp").map((e) => e.event);

    test("call layer: three failed attempts", async () => {
      const rec = recorder();
      const clock = manualClock();
      const script = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException")]));
      const client = pinpointClient({ resilience: createResilience({ hooks: rec.hooks, clock: clock.option }), requestHandler: ticking(script, clock) });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [script], recorders: [rec] });
      await client.send(sendMessages()).catch(() => undefined);
      expect(giveUp(rec)).toEqual([
        { service: "Pinpoint", operation: "SendMessages", region: "us-east-1", attempts: 3, reason: "max-attempts", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: 300 },
      ]);
    });

    test("call layer: refused by an open breaker, no attempt", async () => {
      const rec = recorder();
      const clock = manualClock();
      const script = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException")]));
      const r = createResilience({ hooks: rec.hooks, clock: clock.option, maxAttempts: 1, circuitBreaker: { consecutiveFailures: 1 } });
      const client = pinpointClient({ resilience: r, requestHandler: ticking(script, clock) });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [script], recorders: [rec], after: () => void (clock.t += 60_000) });
      await client.send(sendMessages()).catch(() => undefined);
      await client.send(sendMessages()).catch(() => undefined);
      expect(giveUp(rec)).toEqual([
        expect.objectContaining({ attempts: 1, reason: "max-attempts", durationMs: 100 }),
        { service: "Pinpoint", operation: "SendMessages", region: "us-east-1", attempts: 0, reason: "circuit-open", errorName: "CircuitOpenError", errorClass: "TRANSIENT", durationMs: 0 },
      ]);
    });

    test("partial re-send layer: the call starts before its first round; a re-send's wait counts", async () => {
      const rec = recorder();
      const clock = manualClock();
      const replies: Reply[] = [okReply(PARTIAL_BODY("THROTTLED")), okReply(PARTIAL_BODY("SUCCESSFUL")), errorReply(500, "InternalServerErrorException")];
      const script = warmable(scriptedHandler(replies), okReply(PARTIAL_BODY("SUCCESSFUL")));
      const r = createResilience({ hooks: rec.hooks, clock: clock.option, retryPartialFailures: true, maxAttempts: 4, backoff: { jitter: "none", throttlingBaseMs: 50, baseMs: 0 } });
      const client = pinpointClient({ resilience: r, requestHandler: ticking(script, clock) });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [script], recorders: [rec] });
      // Round 1 (100 ms) leaves the address THROTTLED, the re-send waits 50 ms, round 2 (100 ms) delivers it.
      const output = await client.send(sendMessages());
      expect(output.$metadata.attempts).toBe(2);
      expect(rec.events.filter((e) => e.type === "onSuccess").map((e) => e.event)).toEqual([
        { service: "Pinpoint", operation: "SendMessages", region: "us-east-1", attempts: 2, totalDelayMs: 50, durationMs: 250 },
      ]);
      // Then a call whose first round fails on all four attempts (the SDK's own backoffs are 0 ms here).
      await client.send(sendMessages()).catch(() => undefined);
      expect(giveUp(rec)).toEqual([
        { service: "Pinpoint", operation: "SendMessages", region: "us-east-1", attempts: 4, reason: "max-attempts", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: 400 },
      ]);
    });

    test("the strategy alone: from its first token", async () => {
      const rec = recorder();
      const clock = manualClock();
      const script = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), errorReply(500, "InternalServerErrorException"), errorReply(400, "BadRequestException")]));
      const client = pinpointClient({ resilience: createResilience({ hooks: rec.hooks, clock: clock.option }), plugin: false, requestHandler: ticking(script, clock) });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [script], recorders: [rec] });
      await client.send(sendMessages()).catch(() => undefined);
      expect(giveUp(rec)).toEqual([
        { service: "Pinpoint", operation: "unknown", region: "unknown", attempts: 3, reason: "non-retryable", errorName: "BadRequestException", errorClass: "CLIENT_ERROR", durationMs: 300 },
      ]);
    });
  });
});

describe("r.snapshot() through real clients against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 13 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.setFaults({});
    emulator.resetStats();
  });

  const origin = () => new URL(emulator.endpoint).origin;
  const routeOf = (routes: RouteSnapshot[], service: string) => routes.find((route) => route.service === service);

  describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
    test("faults open the breaker: the route reads open, with its retry-after and the window's counts", async () => {
      const clock = manualClock();
      const breaker = { consecutiveFailures: 4 };
      const rec = recorder();
      const r = createResilience({ hooks: rec.hooks, clock: { ...clock.option, epochMs: () => 1_000_000 + clock.t }, circuitBreaker: breaker, maxAttempts: 2 });
      const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      // Warm-up a minute before time 0, so that its successes have left the breaker's window.
      clock.t = -60_000;
      await warmUp(nth, () => client.send(sendMessages()), { emulators: [emulator], recorders: [rec], after: () => void (clock.t = 0) });
      emulator.setFaults({ rates: [{ rate: 1, fault: 500 }] });
      await client.send(sendMessages()).catch(() => undefined);
      await client.send(sendMessages()).catch(() => undefined);

      clock.t = 100;
      const refusal = await client.send(sendMessages()).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ name: "CircuitOpenError" });
      const { retryAfterMs } = refusal as CircuitOpenError;
      expect(retryAfterMs).toBeGreaterThan(0);
      const snapshot = r.snapshot();
      expect(snapshot.takenAt).toBe(1_000_100);
      expect(snapshot.routes).toEqual([
        {
          service: "Pinpoint",
          region: "us-east-1",
          endpoint: origin(),
          breaker: { state: "open", retryAfterMs },
          budget: { available: 500 - 2 * 14, capacity: 500 },
          pacing: { ratePerSecond: undefined, queueDepth: 0, operations: { SendMessages: { ratePerSecond: undefined, queueDepth: 0 } } },
          recent: { attempts: 4, failures: 4 },
        },
      ]);
      // Healthy means no open breaker: what a /health endpoint would answer 503 on.
      expect(snapshot.routes.some((route) => route.breaker?.state === "open")).toBe(true);
      // Request content never shows.
      const json = JSON.stringify(snapshot);
      for (const secret of [SECRET_PHONE, SECRET_BODY, "app-1"]) expect(json).not.toContain(secret);

      // It counts down; reading, even long after, changes no state and emits no event.
      clock.t = 150;
      expect(r.snapshot().routes[0].breaker).toEqual({ state: "open", retryAfterMs: retryAfterMs - 50 });
      clock.t = 600_000;
      expect(r.snapshot().routes[0].breaker?.retryAfterMs).toBe(0);
      expect(rec.events.filter((e) => e.type === "onCircuitStateChange").map((e) => `${e.event.from}->${e.event.to}`)).toEqual(["closed->open"]);
    });

    test("429s start pacing: the service's quota, an operation metered on its own, and the old line's service", async () => {
      const clock = manualClock();
      // Three throttles in a row: pacing starts on a saturated quota, not on a stray throttle.
      const throttledThenOk = (operation: string) => ({ scripts: [{ match: { operation }, steps: [429, 429, 429, "ok" as const] }] });
      const r = createResilience({ clock: clock.option, maxAttempts: 4 });
      const pinpoint = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
      const smsVoice = smsVoiceClient({ resilience: r, endpoint: emulator.endpoint });
      await warmUp(nth, [() => pinpoint.send(new GetAppsCommand({})), () => smsVoice.send(sendVoiceMessage())], { emulators: [emulator] });
      const notPacing = r.snapshot().routes;
      expect(notPacing.map((route) => route.pacing?.ratePerSecond)).toEqual(nth.warmUpCalls > 0 ? [undefined, undefined] : []);

      emulator.setFaults(throttledThenOk("GetApps"));
      expect((await pinpoint.send(new GetAppsCommand({}))).$metadata.attempts).toBe(4);
      const afterGetApps = routeOf(r.snapshot().routes, "Pinpoint");
      expect(afterGetApps?.pacing?.ratePerSecond).toBeGreaterThan(0);
      expect(afterGetApps?.pacing?.queueDepth).toBe(0);
      expect(afterGetApps?.pacing?.operations).toBeUndefined();

      emulator.setFaults(throttledThenOk("SendMessages"));
      expect((await pinpoint.send(sendMessages())).$metadata.attempts).toBe(4);
      expect(routeOf(r.snapshot().routes, "Pinpoint")?.pacing?.operations?.SendMessages.ratePerSecond).toBeGreaterThan(0);

      emulator.setFaults(throttledThenOk("SendVoiceMessage"));
      expect(routeOf(r.snapshot().routes, "PinpointSMSVoice")?.pacing?.ratePerSecond).toBeUndefined();
      expect((await smsVoice.send(sendVoiceMessage())).$metadata.attempts).toBe(4);
      const routes = r.snapshot().routes;
      expect(routeOf(routes, "PinpointSMSVoice")?.pacing?.ratePerSecond).toBeGreaterThan(0);
      // Most recently used last.
      expect(routes.map((route) => route.service)).toEqual(["Pinpoint", "PinpointSMSVoice"]);
      await pinpoint.send(new GetAppsCommand({}));
      expect(r.snapshot().routes.map((route) => route.service)).toEqual(["PinpointSMSVoice", "Pinpoint"]);
    });
  });
});

// Keeps the option type honest for the tests above.
const _typed: ResilienceOptions = { metrics: [recordingSink().sink] };
void _typed;
