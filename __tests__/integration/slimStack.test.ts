/**
 * With this library's strategy, the plugin drops its attempt middleware after the first call and the
 * strategy does its work: every later call must look exactly the same from outside.
 */
import { createResilience } from "../../src";
import { ATTEMPT_MIDDLEWARE_NAME } from "../../src/constants";
import { pinpointClient, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import type { ClientWiring } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import type { Reply } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";

const stackNames = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().join("\n");
/** Drops the measured durations, which differ from call to call. */
const shape = (events: Array<{ type: string; event: Record<string, unknown> }>) =>
  events.map(({ type, event }) => ({ type, ...event, durationMs: undefined }));

const script: Reply[] = [errorReply(500, "InternalServerErrorException", { "x-amz-retry-after": "5" }), errorReply(429, "TooManyRequestsException"), okReply()];

const viaPinpoint = (w: ClientWiring) => {
  const client = pinpointClient(w);
  return { client, send: () => client.send(sendMessages()) };
};
const viaSmsVoice = (w: ClientWiring) => {
  const client = smsVoiceClient(w);
  return { client, send: () => client.send(sendVoiceMessage()) };
};

test.each([
  ["Pinpoint (current line)", viaPinpoint],
  ["SMS Voice v1 (old line)", viaSmsVoice],
])("%s: the second call, without the attempt entry, reports what the first did", async (_label, wire) => {
  const rec = recorder();
  const r = createResilience(rec.options({ debug: true, logger: rec.logger, rateLimiter: false }));
  const handler = scriptedHandler((i) => script[i % 3]);
  const { client, send } = wire({ resilience: r, requestHandler: handler });
  expect(stackNames(client)).toContain(ATTEMPT_MIDDLEWARE_NAME);

  const first = await send();
  const firstEvents = rec.events.splice(0);
  const firstLines = rec.debug.splice(0);
  expect(stackNames(client)).not.toContain(ATTEMPT_MIDDLEWARE_NAME);

  const second = await send();
  expect(shape(rec.events)).toEqual(shape(firstEvents));
  expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
  expect(rec.debug.map((line) => line.replace(/\(\d+ ms in all\)/, ""))).toEqual(firstLines.map((line) => line.replace(/\(\d+ ms in all\)/, "")));
  const metadata = (output: { $metadata: { attempts?: number; totalRetryDelay?: number } }) => output.$metadata;
  expect(metadata(second)).toMatchObject({ attempts: 3, totalRetryDelay: metadata(first).totalRetryDelay });
  expect(metadata(second).totalRetryDelay).toBeGreaterThanOrEqual(5);
  expect(handler.requests).toHaveLength(6);
});

test("a failed call without the attempt entry carries the right $metadata on the service's error", async () => {
  const r = createResilience({ clock: { random: () => 0 }, backoff: { jitter: "none", baseMs: 3 }, rateLimiter: false, circuitBreaker: false });
  const handler = scriptedHandler([errorReply(500, "InternalServerErrorException")]);
  const client = pinpointClient({ resilience: r, requestHandler: handler });
  await client.send(sendMessages()).catch(() => undefined);
  const error = await client.send(sendMessages()).catch((e: unknown) => e);
  expect((error as { $metadata: object }).$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 3 + 6 });
});

test("the plugin alone keeps its attempt entry (another strategy needs it)", async () => {
  const r = createResilience();
  const client = pinpointClient({ resilience: r, strategy: false, requestHandler: scriptedHandler([okReply()]) });
  await client.send(sendMessages());
  await client.send(sendMessages());
  expect(stackNames(client)).toContain(ATTEMPT_MIDDLEWARE_NAME);
});

test("retries are paced by the rate limiter after their backoff, on the injected clock", async () => {
  const clock = { t: 0 };
  const slept: number[] = [];
  const rec = recorder();
  const r = createResilience({
    hooks: rec.hooks,
    clock: { now: () => clock.t, random: () => 0, sleep: async (ms) => void (slept.push(ms), (clock.t += ms)) },
    backoff: { throttlingBaseMs: 40, jitter: "none" },
    maxAttempts: 5,
  });
  const handler = scriptedHandler((i) => (i % 3 === 2 ? okReply() : errorReply(429, "TooManyRequestsException")));
  const client = pinpointClient({ resilience: r, requestHandler: handler });
  await client.send(sendMessages());
  slept.length = 0;
  await client.send(sendMessages());
  // Backoffs 40 and 80 were slept by the strategy on the injected clock, between the limiter's own waits.
  expect(slept.filter((ms) => ms === 40 || ms === 80)).toEqual([40, 80]);
  expect(slept.length).toBeGreaterThan(2);
  const attempts = rec.events.filter((e) => e.type === "onAttempt");
  expect(attempts.at(-1)?.event.sendRate).toBeGreaterThan(0);
});
