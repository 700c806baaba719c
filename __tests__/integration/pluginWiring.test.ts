/**
 * The plugin takes the SDK's retry slot instead of adding entries, and runs one path for every call:
 * a client's later calls look exactly like its first from outside.
 */
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { createResilience } from "../../src";
import { ATTEMPT_MIDDLEWARE_NAME, CALL_MIDDLEWARE_NAME } from "../../src/names";
import { pinpointClient, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import type { ClientWiring } from "../support/clients";
import { errorReply, offlineClientConfig, okReply, scriptedHandler } from "../support/inMemoryHandler";
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
])("%s: the plugin adds no entry, and the second call reports what the first did", async (_label, wire) => {
  const rec = recorder();
  const r = createResilience(rec.options({ debug: true, logger: rec.logger, rateLimiter: false }));
  const handler = scriptedHandler((i) => script[i % 3]);
  const { client, send } = wire({ resilience: r, requestHandler: handler });
  const { client: plainClient } = wire({ requestHandler: handler });
  expect(stackNames(client)).toBe(stackNames(plainClient));

  const first = await send();
  const firstEvents = rec.events.splice(0);
  const firstLines = rec.debug.splice(0);

  const second = await send();
  expect(shape(rec.events)).toEqual(shape(firstEvents));
  expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
  expect(rec.debug.map((line) => line.replace(/\(\d+ ms in all\)/, ""))).toEqual(firstLines.map((line) => line.replace(/\(\d+ ms in all\)/, "")));
  const metadata = (output: { $metadata: { attempts?: number; totalRetryDelay?: number } }) => output.$metadata;
  expect(metadata(second)).toMatchObject({ attempts: 3, totalRetryDelay: metadata(first).totalRetryDelay });
  expect(metadata(second).totalRetryDelay).toBeGreaterThanOrEqual(5);
  expect(handler.requests).toHaveLength(6);
});

test("a client's later failed call carries the right $metadata on the service's error", async () => {
  const r = createResilience({ clock: { random: () => 0 }, backoff: { jitter: "none", baseMs: 3 }, rateLimiter: false, circuitBreaker: false });
  const handler = scriptedHandler([errorReply(500, "InternalServerErrorException")]);
  const client = pinpointClient({ resilience: r, requestHandler: handler });
  await client.send(sendMessages()).catch(() => undefined);
  const error = await client.send(sendMessages()).catch((e: unknown) => e);
  expect((error as { $metadata: object }).$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 3 + 6 });
});

test("the plugin alone (on another strategy) sees every attempt of every call", async () => {
  const rec = recorder();
  const r = createResilience(rec.options({ rateLimiter: false }));
  // The SDK's own backoff really sleeps here: server errors only keep it short.
  const serverErrorsThenOk = (i: number) => (i % 3 === 2 ? okReply() : errorReply(500, "InternalServerErrorException"));
  const client = pinpointClient({ resilience: r, strategy: false, requestHandler: scriptedHandler(serverErrorsThenOk) });
  await client.send(sendMessages());
  await client.send(sendMessages());
  expect(rec.types().filter((type) => type === "onAttempt")).toHaveLength(6);
});

test("installed twice, the plugin still wraps the SDK's retry middleware once", async () => {
  const rec = recorder();
  const r = createResilience(rec.options({ rateLimiter: false }));
  const handler = scriptedHandler((i) => script[i % 3]);
  const client = pinpointClient({ resilience: r, requestHandler: handler });
  client.middlewareStack.use(r.plugin as never);
  const output = await client.send(sendMessages());
  expect(output.$metadata.attempts).toBe(3);
  expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
  expect(handler.requests).toHaveLength(3);
});

test("on a stack without the SDK's retry entry (a command's own), the plugin adds entries around it instead", async () => {
  const rec = recorder();
  const r = createResilience(rec.options({ rateLimiter: false }));
  const handler = scriptedHandler((i) => script[i % 3]);
  const client = new PinpointClient({ ...offlineClientConfig, requestHandler: handler as never, retryStrategy: r.retryStrategy });
  const command = sendMessages();
  command.middlewareStack.use(r.plugin as never);
  expect(client.middlewareStack.concat(command.middlewareStack).identify().join("\n")).toMatch(
    new RegExp(`${CALL_MIDDLEWARE_NAME}[^]*retryMiddleware[^]*${ATTEMPT_MIDDLEWARE_NAME}`),
  );
  const output = await client.send(command);
  expect(output.$metadata).toMatchObject({ attempts: 3 });
  expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
  expect(rec.events.at(-1)?.event).toMatchObject({ service: "Pinpoint", operation: "SendMessages" });
});

test("retries are paced by the rate limiter (after the SDK's backoff), its waits on the injected clock", async () => {
  const clock = { t: 0 };
  const slept: number[] = [];
  const rec = recorder();
  const r = createResilience({
    hooks: rec.hooks,
    clock: { now: () => clock.t, random: () => 0, sleep: async (ms) => void (slept.push(ms), (clock.t += ms)) },
    backoff: { throttlingBaseMs: 4, jitter: "none" },
    maxAttempts: 5,
  });
  // Three throttles in a row (a saturated quota, not a stray throttle) start the pacing: 429 429 429 ok, then 429 429 ok.
  const handler = scriptedHandler((i) => (i === 3 || i >= 6 ? okReply() : errorReply(429, "TooManyRequestsException")));
  const client = pinpointClient({ resilience: r, requestHandler: handler });
  await client.send(sendMessages());
  await client.send(sendMessages());
  // The SDK sleeps the backoffs (4, 8 ms) on its own timer; the injected clock carries only the limiter's waits.
  expect(slept).not.toContain(4);
  expect(slept.length).toBeGreaterThan(0);
  // Every retry goes through the attempt layer, inside the SDK's loop: once pacing, the limiter paces it.
  const retries = rec.events.filter((e) => e.type === "onAttempt" && (e.event.attempt as number) > 1);
  expect(retries).toHaveLength(5);
  // (An attempt reports the rate after its answer: the one met by the third 429 reports the pacing it started.)
  expect(retries[0].event.sendRate).toBeUndefined();
  for (const retry of retries.slice(1)) expect(retry.event.sendRate).toBeGreaterThan(0);
});
