import { BadRequestException, GetAppsCommand, InternalServerErrorException, PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { mockClient } from "aws-sdk-client-mock";
import { createResilience } from "../../src";
import { pinpointClient, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import { attemptOf, errorReply, offlineClientConfig, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmable, warmUp } from "../support/warmUp";

// Each behaviour on a client's 1st call, and on its 10th after 9 successful calls (issue 11).
describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  describe("the strategy alone (no plugin)", () => {
    test("retries with classification and backoff; tells the service from the error class", async () => {
      const rec = recorder();
      const r = createResilience(rec.options({ debug: true, logger: rec.logger }));
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]));
      const client = pinpointClient({ resilience: r, plugin: false, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      const output = await client.send(sendMessages());
      expect(output.$metadata.attempts).toBe(2);
      expect(rec.types()).toEqual(["onRetry", "onSuccess"]);
      expect(rec.events[0].event).toMatchObject({ service: "Pinpoint", operation: "unknown", errorClass: "TRANSIENT" });
      expect(rec.events[1].event).toMatchObject({ service: "Pinpoint", operation: "unknown", attempts: 2, totalDelayMs: 0 });
      expect(rec.debug[0]).toMatch(/^smithy-resilience Pinpoint\.unknown attempt 1\/3 failed: InternalServerErrorException/);
    });

    test("fails fast on a 412 of the old line and reports the give-up", async () => {
      const rec = recorder();
      const handler = scriptedHandler([errorReply(412, "LimitExceededException")]);
      const warm = warmable(handler);
      const r = createResilience(rec.options());
      const client = smsVoiceClient({ resilience: r, plugin: false, requestHandler: warm });
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [warm], recorders: [rec] });
      await expect(client.send(sendVoiceMessage())).rejects.toMatchObject({
        name: "LimitExceededException",
        $metadata: { attempts: 1 },
      });
      expect(handler.requests).toHaveLength(1);
      expect(rec.events).toEqual([
        {
          type: "onGiveUp",
          event: { service: "PinpointSMSVoice", operation: "unknown", region: "unknown", attempts: 1, reason: "non-retryable", errorName: "LimitExceededException", errorClass: "CLIENT_ERROR", durationMs: expect.any(Number) },
        },
      ]);
    });

    test("draws from the retry budget", async () => {
      const handler = scriptedHandler([errorReply(500, "InternalServerErrorException")]);
      const warm = warmable(handler);
      const r = createResilience({ clock: { random: () => 0 }, maxAttempts: 10, retryBudget: { capacity: 28 } });
      const client = pinpointClient({ resilience: r, plugin: false, requestHandler: warm });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [warm] });
      await client.send(sendMessages()).catch(() => undefined);
      expect(handler.requests).toHaveLength(3);
      expect(r.retryStrategy.availableBudget("Pinpoint", "unknown")).toBe(0);
    });
  });

  describe("the plugin alone (SDK's default strategy)", () => {
    test("emits onAttempt per attempt, onSuccess, and debug lines for failed attempts", async () => {
      const rec = recorder();
      const r = createResilience({ hooks: rec.hooks, debug: true });
      const handler = warmable(scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]));
      const client = pinpointClient({ resilience: r, strategy: false, requestHandler: handler, logger: rec.logger });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await client.send(sendMessages());
      expect(rec.types()).toEqual(["onAttempt", "onAttempt", "onSuccess"]);
      expect(rec.events[0].event).toMatchObject({ service: "Pinpoint", operation: "SendMessages", attempt: 1, errorClass: "TRANSIENT", httpStatusCode: 500 });
      expect(rec.events[2].event).toMatchObject({ attempts: 2 });
      expect(rec.debug[0]).toBe(
        "smithy-resilience Pinpoint.SendMessages attempt 1 failed: InternalServerErrorException (HTTP 500, TRANSIENT, requestId req-500)",
      );
      expect(rec.debug[1]).toMatch(/succeeded on attempt 2/);
    });

    test("infers the give-up reason when the SDK's strategy stops", async () => {
      const rec = recorder();
      const r = createResilience({ hooks: rec.hooks });
      const handler = warmable(scriptedHandler([errorReply(400, "BadRequestException")]));
      const client = pinpointClient({ resilience: r, strategy: false, requestHandler: handler });
      await warmUp(nth, () => client.send(sendMessages()), { handlers: [handler], recorders: [rec] });
      await expect(client.send(sendMessages())).rejects.toBeInstanceOf(BadRequestException);
      expect(rec.events.at(-1)?.event).toMatchObject({ reason: "non-retryable", attempts: 1, errorName: "BadRequestException" });
    });

    test("works on the old line too, and can be installed twice without duplicating events", async () => {
      const rec = recorder();
      const r = createResilience({ hooks: rec.hooks });
      const handler = warmable(scriptedHandler([okReply({ MessageId: "m" })]));
      const client = smsVoiceClient({ resilience: r, strategy: false, requestHandler: handler });
      client.middlewareStack.use(r.plugin);
      await warmUp(nth, () => client.send(sendVoiceMessage()), { handlers: [handler], recorders: [rec] });
      await client.send(sendVoiceMessage());
      expect(rec.types()).toEqual(["onAttempt", "onSuccess"]);
      expect(rec.events[0].event).toMatchObject({ service: "PinpointSMSVoice", operation: "SendVoiceMessage", httpStatusCode: 200 });
    });
  });

  describe("one instance shared by several clients", () => {
    test("each call is told apart under concurrency", async () => {
      const rec = recorder();
      const r = createResilience(rec.options());
      const pinpointHandler = warmable(scriptedHandler((_i, request) => (attemptOf(request) === 1 ? errorReply(500, "InternalServerErrorException") : okReply())));
      const voiceHandler = warmable(scriptedHandler((_i, request) => (attemptOf(request) === 1 ? errorReply(429, "TooManyRequestsException") : okReply({ MessageId: "m" }))));
      const pinpoint = pinpointClient({ resilience: r, requestHandler: pinpointHandler });
      const voice = smsVoiceClient({ resilience: r, requestHandler: voiceHandler });
      await warmUp(nth, [() => pinpoint.send(sendMessages()), () => voice.send(sendVoiceMessage())], { handlers: [pinpointHandler, voiceHandler], recorders: [rec] });
      await Promise.all([
        ...Array.from({ length: 5 }, () => pinpoint.send(sendMessages())),
        ...Array.from({ length: 5 }, () => voice.send(sendVoiceMessage())),
      ]);
      const successes = rec.events.filter((e) => e.type === "onSuccess").map((e) => e.event.service);
      expect(successes.filter((s) => s === "Pinpoint")).toHaveLength(5);
      expect(successes.filter((s) => s === "PinpointSMSVoice")).toHaveLength(5);
      const retries = rec.events.filter((e) => e.type === "onRetry").map((e) => `${e.event.service}:${e.event.errorClass}`);
      expect(new Set(retries)).toEqual(new Set(["Pinpoint:TRANSIENT", "PinpointSMSVoice:THROTTLING"]));
    });
  });
});

describe("aws-sdk-client-mock, for code that consumes a client", () => {
  // The mock replaces client.send: no middleware and no strategy run, so it proves nothing about retries.
  // It must still work for a user's own unit tests with the plugin installed. (No call goes through the
  // client's stack, so a client's later calls are no different here: it runs once.)
  async function countApps(client: PinpointClient): Promise<number> {
    const output = await client.send(new GetAppsCommand({}));
    return output.ApplicationsResponse?.Item?.length ?? 0;
  }

  test("mocks a client that has the strategy and plugin installed", async () => {
    const r = createResilience();
    const client = new PinpointClient({ ...offlineClientConfig, retryStrategy: r.retryStrategy });
    client.middlewareStack.use(r.plugin);
    const mock = mockClient(client);
    mock.on(GetAppsCommand).resolves({ ApplicationsResponse: { Item: [{ Id: "a", Arn: "x", Name: "n" }] } });
    mock.on(SendMessagesCommand).rejects(new InternalServerErrorException({ message: "m", $metadata: {} }));
    expect(await countApps(client)).toBe(1);
    await expect(client.send(sendMessages())).rejects.toBeInstanceOf(InternalServerErrorException);
    expect(mock.commandCalls(SendMessagesCommand)).toHaveLength(1); // no retry under the mock
    mock.restore();
  });
});
