/**
 * The plugin's own retry loop, which serves every send of a client after the first call showed this
 * library's strategy at work. Each test warms the client with one successful call first, then checks
 * that the loop keeps the SDK loop's contract, on both SDK lines.
 */
import { InternalServerErrorException } from "@aws-sdk/client-pinpoint";
import { InternalServiceErrorException } from "@aws-sdk/client-pinpoint-sms-voice";
import { CircuitOpenError, createResilience } from "../../src";
import type { ResilienceOptions } from "../../src";
import { pinpointClient, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import type { ClientWiring } from "../support/clients";
import type { Reply } from "../support/inMemoryHandler";
import { attemptOf, errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";

/** A handler whose first request (the warm-up call) succeeds, then answers from `replies`. */
function afterWarmUp(replies: Reply[]) {
  return scriptedHandler((i) => (i === 0 ? okReply() : replies[Math.min(i - 1, replies.length - 1)]));
}

const lines = [
  {
    line: "new line (Pinpoint)",
    sender: (w: ClientWiring) => {
      const client = pinpointClient(w);
      return () => client.send(sendMessages());
    },
    fault: () => errorReply(500, "InternalServerErrorException"),
    faultClass: InternalServerErrorException,
  },
  {
    line: "old line (SMS Voice v1, 3.523)",
    sender: (w: ClientWiring) => {
      const client = smsVoiceClient(w);
      return () => client.send(sendVoiceMessage());
    },
    fault: () => errorReply(500, "InternalServiceErrorException"),
    faultClass: InternalServiceErrorException,
  },
] as const;

describe.each(lines)("the plugin's retry loop, $line", ({ sender, fault, faultClass }) => {
  function warmClient(replies: Reply[], options: ResilienceOptions = {}) {
    const rec = recorder();
    const handler = afterWarmUp(replies);
    const r = createResilience(rec.options({ backoff: { jitter: "none", baseMs: 2 }, ...options }));
    const send = sender({ resilience: r, requestHandler: handler });
    return { rec, handler, send };
  }

  test("retries to success with the SDK's headers: one invocation id per call, attempt=N; max=M per attempt", async () => {
    const { handler, send, rec } = warmClient([fault(), fault(), okReply()]);
    await send();
    rec.events.length = 0;
    const output = await send();
    expect(handler.requests).toHaveLength(4);
    const loopRequests = handler.requests.slice(1);
    expect(loopRequests.map(attemptOf)).toEqual([1, 2, 3]);
    expect(loopRequests.map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    const ids = new Set(loopRequests.map((r) => r.headers["amz-sdk-invocation-id"]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(handler.requests[0].headers["amz-sdk-invocation-id"]).not.toBe([...ids][0]);
    expect((output as { $metadata: object }).$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 2 + 4 });
    expect(rec.types()).toEqual(["onAttempt", "onRetry", "onAttempt", "onRetry", "onAttempt", "onSuccess"]);
    expect(rec.events.at(-1)?.event).toMatchObject({ attempts: 3, totalDelayMs: 6 });
  });

  test("gives up after maxAttempts with the service's own error and its $metadata", async () => {
    const { handler, send, rec } = warmClient([fault()], { maxAttempts: 2 });
    await send();
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(faultClass);
    expect((error as { $metadata: object }).$metadata).toMatchObject({ attempts: 2, totalRetryDelay: 2 });
    expect(handler.requests.slice(1).map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=2", "attempt=2; max=2"]);
    expect(rec.events.at(-1)).toMatchObject({ type: "onGiveUp", event: { attempts: 2, reason: "max-attempts" } });
  });

  test("a client error fails after one request, non-retryable", async () => {
    const { handler, send, rec } = warmClient([errorReply(400, "BadRequestException")]);
    await send();
    const error = await send().catch((e: unknown) => e);
    expect((error as Error).name).toBe("BadRequestException");
    expect((error as { $metadata: object }).$metadata).toMatchObject({ attempts: 1, totalRetryDelay: 0 });
    expect(handler.requests).toHaveLength(2);
    expect(rec.events.at(-1)).toMatchObject({ type: "onGiveUp", event: { reason: "non-retryable" } });
  });

  test("an open breaker refuses the call before any request, with CircuitOpenError", async () => {
    const { handler, send, rec } = warmClient([fault()], {
      maxAttempts: 1,
      circuitBreaker: { minimumCalls: 2, failureRatio: 0.5, windowMs: 60_000, openMs: 60_000 },
    });
    await send();
    for (let i = 0; i < 2; i++) await send().catch(() => undefined);
    const sent = handler.requests.length;
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(handler.requests).toHaveLength(sent);
    expect(rec.events.at(-1)).toMatchObject({ type: "onGiveUp", event: { reason: "circuit-open" } });
  });
});

describe("the plugin's retry loop, new line only", () => {
  test("an abort during the backoff ends the call at once with the AbortError, and nothing more is sent", async () => {
    const rec = recorder();
    const controller = new AbortController();
    const handler = afterWarmUp([errorReply(500, "InternalServerErrorException")]);
    const r = createResilience(
      rec.options({
        // A backoff that never ends by itself: only the abort can end the call.
        clock: { now: () => performance.now(), sleep: () => new Promise<void>(() => undefined) },
        hooks: { ...rec.hooks, onRetry: () => void setImmediate(() => controller.abort()) },
      }),
    );
    const client = pinpointClient({ resilience: r, requestHandler: handler });
    await client.send(sendMessages());
    const error = await client.send(sendMessages(), { abortSignal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(handler.requests).toHaveLength(2);
    expect(rec.events.at(-1)?.event).toMatchObject({ reason: "aborted" });
  });

  test("a non-Error thrown below the loop reaches the caller as an Error with $metadata", async () => {
    const r = createResilience({ backoff: { jitter: "none", baseMs: 1 } });
    const client = pinpointClient({ resilience: r, requestHandler: afterWarmUp([okReply()]) });
    await client.send(sendMessages());
    // A finalize-step middleware after the retry slot, as a user's own could be, throwing a plain object once.
    let thrown = false;
    client.middlewareStack.addRelativeTo(
      ((next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        if (!thrown) {
          thrown = true;
          throw { name: "PlainObjectFailure" };
        }
        return next(args);
      }) as never,
      { name: "throwsPlainObject", relation: "after", toMiddleware: "retryMiddleware" } as never,
    );
    const error = await client.send(sendMessages()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "PlainObjectFailure", $metadata: { attempts: 1 } });
  });
});
