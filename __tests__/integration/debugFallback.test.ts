/**
 * `debug: true` with no logger anywhere: the clients' default logger is the SDK's NoOpLogger, whose
 * `debug` does nothing, so the lines go to `console.debug` instead. Warnings about contained hooks go to
 * `console.warn` the same way. A real logger, the client's or the library's own, still takes precedence.
 */
import { createResilience } from "../../src";
import { pinpointClient, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import type { ClientWiring } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";

const flaky = () => scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]);

const viaPinpoint = (w: ClientWiring) => pinpointClient(w).send(sendMessages());
// The old line answers the same script with its own 500 name; only the line's shape matters here.
const viaSmsVoice = (w: ClientWiring) => smsVoiceClient(w).send(sendVoiceMessage());

let consoleDebug: jest.SpyInstance;
let consoleWarn: jest.SpyInstance;
beforeEach(() => {
  consoleDebug = jest.spyOn(console, "debug").mockImplementation(() => {});
  consoleWarn = jest.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  consoleDebug.mockRestore();
  consoleWarn.mockRestore();
});
const debugLines = () => consoleDebug.mock.calls.map((args: unknown[]) => args.join(" "));

describe.each([
  ["Pinpoint (current line)", viaPinpoint, "Pinpoint.SendMessages"],
  ["SMS Voice v1 (old line)", viaSmsVoice, "PinpointSMSVoice.SendVoiceMessage"],
] as const)("%s", (_label, send, operation) => {
  test("debug: true and no logger: the lines go to console.debug, as text alone", async () => {
    const r = createResilience({ debug: true, clock: { random: () => 0 }, rateLimiter: false });
    await send({ resilience: r, requestHandler: flaky() });
    expect(consoleDebug.mock.calls.every((args: unknown[]) => args.length === 1 && typeof args[0] === "string")).toBe(true);
    expect(debugLines()).toEqual([
      expect.stringMatching(new RegExp(`^smithy-resilience ${operation.replace(".", "\\.")} attempt 1/3 failed: \\w+ \\(HTTP 500, TRANSIENT, requestId req-500\\); retrying in 0 ms$`)),
      expect.stringMatching(new RegExp(`^smithy-resilience ${operation.replace(".", "\\.")} succeeded on attempt 2 after 0 ms of backoff`)),
    ]);
  });

  test("SMITHY_RESILIENCE_DEBUG=1 and no logger: console.debug too", async () => {
    process.env.SMITHY_RESILIENCE_DEBUG = "1";
    try {
      const r = createResilience({ clock: { random: () => 0 }, rateLimiter: false });
      await send({ resilience: r, requestHandler: flaky() });
    } finally {
      delete process.env.SMITHY_RESILIENCE_DEBUG;
    }
    expect(debugLines()).toHaveLength(2);
  });

  test("a client logger takes the lines, and the console gets none", async () => {
    const rec = recorder();
    const r = createResilience({ debug: true, clock: { random: () => 0 }, rateLimiter: false });
    await send({ resilience: r, requestHandler: flaky(), logger: rec.logger });
    expect(rec.debug).toHaveLength(2);
    expect(consoleDebug).not.toHaveBeenCalled();
  });

  test("debug off: nothing on the console", async () => {
    const r = createResilience({ clock: { random: () => 0 }, rateLimiter: false });
    await send({ resilience: r, requestHandler: flaky() });
    expect(consoleDebug).not.toHaveBeenCalled();
  });

  test("a throwing hook with no logger is warned about on console.warn", async () => {
    const r = createResilience({
      clock: { random: () => 0 },
      hooks: {
        onSuccess: () => {
          throw new Error("hook bug");
        },
      },
    });
    await send({ resilience: r, requestHandler: scriptedHandler([okReply()]) });
    expect(consoleWarn.mock.calls.map((args: unknown[]) => String(args[0]))).toEqual(["smithy-resilience hook onSuccess failed and was ignored: Error: hook bug"]);
  });
});

test("the library's own logger wins over the console and over the client's NoOpLogger", async () => {
  const own = recorder();
  const r = createResilience({ debug: true, logger: own.logger, clock: { random: () => 0 }, rateLimiter: false });
  await viaPinpoint({ resilience: r, requestHandler: flaky() });
  expect(own.debug).toHaveLength(2);
  expect(consoleDebug).not.toHaveBeenCalled();
});

test("the strategy alone (no plugin, so no client logger in sight) writes to the console", async () => {
  const r = createResilience({ debug: true, clock: { random: () => 0 }, rateLimiter: false });
  await viaPinpoint({ resilience: r, plugin: false, requestHandler: flaky() });
  expect(debugLines()[0]).toMatch(/^smithy-resilience Pinpoint\.unknown attempt 1\/3 failed: InternalServerErrorException/);
});
