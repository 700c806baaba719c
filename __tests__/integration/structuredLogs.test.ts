/**
 * Debug lines with structured fields for JSON loggers, through a real pino instance writing to a capture
 * stream: `logFields: "first"` calls `debug(fields, line)` (pino's order), `"last"` calls
 * `debug(line, fields)` (Powertools Logger, winston, console). The fields hold the line's facts and never
 * request content; the SDK's own lines in the same output are redacted.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { createResilience } from "../../src";
import type { DebugLogFields } from "../../src";
import { pinpointClient, SECRET_BODY, SECRET_PHONE, sendMessages, sendVoiceMessage, smsVoiceClient } from "../support/clients";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";

/** A pino logger at `level` whose JSON lines land in `lines`, with `logFields` set on it. */
function capturedPino(level: string, logFields?: "first" | "last") {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, stream);
  return { lines, logger: logFields ? Object.assign(logger, { logFields }) : logger, text: () => JSON.stringify(lines) };
}

const ours = (lines: Array<Record<string, unknown>>) => lines.filter((line) => String(line.msg ?? "").startsWith("smithy-resilience"));
const flaky = () => scriptedHandler([errorReply(500, "InternalServerErrorException"), okReply()]);

test('pino as the client logger with logFields "first": each debug line is one JSON record with the fields and the line', async () => {
  const log = capturedPino("debug", "first");
  const r = createResilience({ debug: true, clock: { random: () => 0 }, rateLimiter: false });
  await pinpointClient({ resilience: r, requestHandler: flaky(), logger: log.logger }).send(sendMessages());
  const records = ours(log.lines);
  expect(records).toEqual([
    expect.objectContaining({
      level: 20,
      msg: "smithy-resilience Pinpoint.SendMessages attempt 1/3 failed: InternalServerErrorException (HTTP 500, TRANSIENT, requestId req-500); retrying in 0 ms",
      smithyResilience: {
        event: "attempt-failed",
        service: "Pinpoint",
        operation: "SendMessages",
        attempt: 1,
        maxAttempts: 3,
        errorName: "InternalServerErrorException",
        errorClass: "TRANSIENT",
        httpStatusCode: 500,
        requestId: "req-500",
        retryInMs: 0,
      } satisfies DebugLogFields,
    }),
    expect.objectContaining({
      level: 20,
      msg: expect.stringMatching(/^smithy-resilience Pinpoint\.SendMessages succeeded on attempt 2 after 0 ms of backoff/),
      smithyResilience: { event: "succeeded", service: "Pinpoint", operation: "SendMessages", attempts: 2, totalDelayMs: 0, durationMs: expect.any(Number) },
    }),
  ]);
  // The SDK's own info line went to the same pino, redacted; nothing anywhere carries the request's content.
  expect(log.lines.some((line) => line.commandName === "SendMessagesCommand" && line.level === 30)).toBe(true);
  expect(log.text()).not.toContain(SECRET_PHONE);
  expect(log.text()).not.toContain(SECRET_BODY);
});

test("the library's own pino logger on the old SDK line: give-up decisions carry their reason", async () => {
  const log = capturedPino("debug", "first");
  const r = createResilience({ debug: true, logger: log.logger, maxAttempts: 2, clock: { random: () => 0 }, rateLimiter: false });
  const handler = scriptedHandler([errorReply(500, "InternalServiceErrorException")]);
  await expect(smsVoiceClient({ resilience: r, requestHandler: handler }).send(sendVoiceMessage())).rejects.toMatchObject({ name: "InternalServiceErrorException" });
  expect(ours(log.lines).map((line) => line.smithyResilience)).toEqual([
    expect.objectContaining({ event: "attempt-failed", service: "PinpointSMSVoice", operation: "SendVoiceMessage", attempt: 1, retryInMs: 0 }),
    expect.objectContaining({ event: "attempt-failed", attempt: 2, maxAttempts: 2, reason: "max-attempts", httpStatusCode: 500 }),
  ]);
  expect(log.text()).not.toContain(SECRET_PHONE);
});

test('pino at its default level "info" drops debug lines: nothing of ours is written', async () => {
  const log = capturedPino("info", "first");
  const r = createResilience({ debug: true, clock: { random: () => 0 }, rateLimiter: false });
  await pinpointClient({ resilience: r, requestHandler: flaky(), logger: log.logger }).send(sendMessages());
  expect(ours(log.lines)).toEqual([]);
  expect(log.lines.length).toBeGreaterThan(0); // the SDK's info line is there
});

test('without logFields, or with "last", pino writes the line alone (it ignores an object after the message)', async () => {
  for (const logFields of [undefined, "last"] as const) {
    const log = capturedPino("debug", logFields);
    const r = createResilience({ debug: true, clock: { random: () => 0 }, rateLimiter: false });
    await pinpointClient({ resilience: r, requestHandler: flaky(), logger: log.logger }).send(sendMessages());
    expect(ours(log.lines)).toHaveLength(2);
    expect(ours(log.lines).every((line) => !("smithyResilience" in line))).toBe(true);
  }
});

test('logFields "last": debug(line, fields), the order of Powertools Logger, winston and console', async () => {
  const calls: unknown[][] = [];
  const logger = { logFields: "last" as const, debug: (...args: unknown[]) => void calls.push(args), warn: () => {} };
  const r = createResilience({ debug: true, logger, clock: { random: () => 0 }, rateLimiter: false });
  await pinpointClient({ resilience: r, requestHandler: flaky() }).send(sendMessages());
  expect(calls).toEqual([
    [expect.stringMatching(/attempt 1\/3 failed/), { smithyResilience: expect.objectContaining({ event: "attempt-failed", attempt: 1, retryInMs: 0 }) }],
    [expect.stringMatching(/succeeded on attempt 2/), { smithyResilience: expect.objectContaining({ event: "succeeded", attempts: 2 }) }],
  ]);
});
