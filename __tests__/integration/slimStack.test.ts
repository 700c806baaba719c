/**
 * The plugin takes the SDK's retry slot instead of adding entries, and with this library's strategy it
 * drops its attempt layer after the first call (the strategy does its work): every later call must look
 * exactly the same from outside.
 */
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { createResilience } from "../../src";
import { ATTEMPT_MIDDLEWARE_NAME, RETRY_SCOPE_MIDDLEWARE_NAME } from "../../src/constants";
import { ATTEMPTS_OBSERVED } from "../../src/middleware/sdkShapes";
import { pinpointClient, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import type { ClientWiring } from "../support/clients";
import { errorReply, offlineClientConfig, okReply, scriptedHandler } from "../support/inMemoryHandler";
import type { Reply } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";

const stackNames = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().join("\n");

interface ContextSpyable {
  middlewareStack: { add(middleware: never, options: { step: "initialize"; name: string }): void };
}

/** Keeps each call's middleware context, to see whether the attempt layer was part of its stack. */
function spyOnContexts(client: ContextSpyable) {
  const contexts: Array<Record<symbol, unknown>> = [];
  const spy = (next: (args: unknown) => unknown, context: Record<symbol, unknown>) => (args: unknown) => (contexts.push(context), next(args));
  client.middlewareStack.add(spy as never, { step: "initialize", name: "contextSpy" });
  return { attemptLayerSeen: () => contexts.map((context) => context[ATTEMPTS_OBSERVED] === true) };
}
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
])("%s: the plugin adds no entry, and the second call, without the attempt layer, reports what the first did", async (_label, wire) => {
  const rec = recorder();
  const r = createResilience(rec.options({ debug: true, logger: rec.logger, rateLimiter: false }));
  const handler = scriptedHandler((i) => script[i % 3]);
  const { client, send } = wire({ resilience: r, requestHandler: handler });
  const { client: plainClient } = wire({ requestHandler: handler });
  expect(stackNames(client)).toBe(stackNames(plainClient));
  const contexts = spyOnContexts(client as unknown as ContextSpyable);

  const first = await send();
  const firstEvents = rec.events.splice(0);
  const firstLines = rec.debug.splice(0);

  const second = await send();
  expect(contexts.attemptLayerSeen()).toEqual([true, false]);
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

test("the plugin alone keeps its attempt layer (another strategy needs it)", async () => {
  const rec = recorder();
  const r = createResilience(rec.options({ rateLimiter: false }));
  // The SDK's own backoff really sleeps here: server errors only keep it short.
  const serverErrorsThenOk = (i: number) => (i % 3 === 2 ? okReply() : errorReply(500, "InternalServerErrorException"));
  const client = pinpointClient({ resilience: r, strategy: false, requestHandler: scriptedHandler(serverErrorsThenOk) });
  const contexts = spyOnContexts(client as unknown as ContextSpyable);
  await client.send(sendMessages());
  await client.send(sendMessages());
  expect(contexts.attemptLayerSeen()).toEqual([true, true]);
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
    new RegExp(`${RETRY_SCOPE_MIDDLEWARE_NAME}[^]*retryMiddleware[^]*${ATTEMPT_MIDDLEWARE_NAME}`),
  );
  const output = await client.send(command);
  expect(output.$metadata).toMatchObject({ attempts: 3 });
  expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
  expect(rec.events.at(-1)?.event).toMatchObject({ service: "Pinpoint", operation: "SendMessages" });
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
