import { GetAppCommand, GetAppsCommand, TooManyRequestsException } from "@aws-sdk/client-pinpoint";
import {
  ListConfigurationSetsCommand,
  GetConfigurationSetEventDestinationsCommand,
  TooManyRequestsException as SmsVoiceTooManyRequestsException,
} from "@aws-sdk/client-pinpoint-sms-voice";
import { createResilience, DeadlineExceededError } from "../../src";
import { LIMITER_BURST_MIN_CALLS } from "../../src/constants";
import type { ClientWiring } from "../support/clients";
import { pinpointClient, smsVoiceClient } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { CALLS_UNDER_TEST, warmable, warmUp } from "../support/warmUp";

interface Output {
  $metadata: { httpStatusCode?: number; attempts?: number };
}

/**
 * Two operations of one quota on each SDK line (neither is separately metered), so they wait in one queue
 * under the rate limiter: `queued` has no deadline, `bounded` has the test's, and its requests' paths
 * contain `marker`.
 */
const LINES = [
  {
    line: "Pinpoint (current SDK)",
    service: "Pinpoint",
    bounded: "GetApp",
    marker: "app-1",
    throttle: TooManyRequestsException as unknown as abstract new (...args: never[]) => unknown,
    wire(w: ClientWiring) {
      const client = pinpointClient(w);
      return {
        queued: (): Promise<Output> => client.send(new GetAppsCommand({})),
        bounded: (): Promise<Output> => client.send(new GetAppCommand({ ApplicationId: "app-1" })),
      };
    },
  },
  {
    line: "SMS Voice v1 (SDK 3.523)",
    service: "PinpointSMSVoice",
    bounded: "GetConfigurationSetEventDestinations",
    marker: "set-1",
    throttle: SmsVoiceTooManyRequestsException as unknown as abstract new (...args: never[]) => unknown,
    wire(w: ClientWiring) {
      const client = smsVoiceClient(w);
      return {
        queued: (): Promise<Output> => client.send(new ListConfigurationSetsCommand({})),
        bounded: (): Promise<Output> => client.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: "set-1" })),
      };
    },
  },
];

/** Issue 12: every wait is bounded by the call's deadline, the wait for a turn under the rate limiter included. */
describe.each(CALLS_UNDER_TEST)("on a client's $label", (nth) => {
  describe.each(LINES)("$line: a deadline bounds the wait for a turn under the rate limiter", (line) => {
    async function pacedClient(boundedDeadlineMs: number) {
      const rec = recorder();
      const throttled = errorReply(429, "TooManyRequestsException");
      // Three 429s end the first call (maxAttempts 3) and start the pacing; then every request is answered OK.
      const handler = warmable(scriptedHandler([throttled, throttled, throttled, okReply()]));
      const options = { debug: true, logger: rec.logger, backoff: { throttlingBaseMs: 1, baseMs: 1 }, operations: { [line.bounded]: { deadlineMs: boundedDeadlineMs } } };
      const client = line.wire({ resilience: createResilience(rec.options(options)), requestHandler: handler });
      await warmUp(nth, [client.queued, client.bounded], { handlers: [handler], recorders: [rec] });
      await expect(client.queued()).rejects.toBeInstanceOf(line.throttle);
      rec.events.length = 0;
      rec.debug.length = 0;
      const boundedRequests = () => handler.script.requests.filter((request) => request.path.includes(line.marker));
      return { rec, client, boundedRequests };
    }

    test("with calls queued, a call whose turn would come past its deadline fails at once and sends nothing; the others proceed", async () => {
      const { rec, client, boundedRequests } = await pacedClient(50);
      // Fewer than a burst of new calls (LIMITER_BURST_MIN_CALLS, the bounded one included), which would let go.
      const queued = Array.from({ length: LIMITER_BURST_MIN_CALLS - 2 }, () => client.queued());
      const startedAt = Date.now();
      const error = await client.bounded().catch((e: unknown) => e);
      const tookMs = Date.now() - startedAt;
      expect(error).toBeInstanceOf(DeadlineExceededError);
      const deadline = error as DeadlineExceededError;
      expect(deadline.name).toBe("DeadlineExceededError");
      // Nothing was sent for the call, whatever the SDK's retry middleware writes on the error it rethrows.
      expect(deadline.$metadata).toEqual({ attempts: 0, totalRetryDelay: 0 });
      expect(deadline.deadlineMs).toBe(50);
      expect(deadline.predictedWaitMs).toBeGreaterThanOrEqual(50);
      expect(deadline.message).toBe(
        `smithy-resilience: ${line.service}.${line.bounded} would wait ${deadline.predictedWaitMs} ms for its turn under the rate limiter after ${deadline.elapsedMs} ms, past its deadline of 50 ms; not sent`,
      );
      expect(tookMs).toBeLessThan(50);
      expect(boundedRequests()).toEqual([]);
      // One give-up, reason "deadline", and no retry.
      expect(rec.events.filter((e) => e.type === "onGiveUp")).toEqual([
        {
          type: "onGiveUp",
          event: expect.objectContaining({ service: line.service, operation: line.bounded, attempts: 0, reason: "deadline", errorName: "DeadlineExceededError" }),
        },
      ]);
      expect(rec.events.filter((e) => e.event.operation === line.bounded)).toHaveLength(1);
      expect(rec.debug).toEqual([`smithy-resilience ${line.service}.${line.bounded} gave up after 0 attempt(s) (deadline): DeadlineExceededError`]);
      // The calls it would have queued behind are served in their turn; it never is.
      const outputs = await Promise.all(queued);
      expect(outputs.map((o) => o.$metadata.httpStatusCode)).toEqual(outputs.map(() => 200));
      expect(boundedRequests()).toEqual([]);
    });

    test("a call whose predicted turn fits its deadline waits for it and succeeds", async () => {
      const { rec, client, boundedRequests } = await pacedClient(60_000);
      const queued = Array.from({ length: 5 }, () => client.queued());
      const output = await client.bounded();
      expect(output.$metadata.httpStatusCode).toBe(200);
      expect(output.$metadata.attempts).toBe(1);
      expect(boundedRequests()).toHaveLength(1);
      expect(rec.events.filter((e) => e.type === "onGiveUp")).toEqual([]);
      const attempt = rec.events.find((e) => e.type === "onAttempt" && e.event.operation === line.bounded);
      expect(attempt?.event).toMatchObject({ sendRate: expect.any(Number), pacingDelayMs: expect.any(Number) });
      expect((attempt?.event as { pacingDelayMs: number }).pacingDelayMs).toBeGreaterThan(0);
      await Promise.all(queued);
    });
  });
});
