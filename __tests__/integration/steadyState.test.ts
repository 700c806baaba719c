/**
 * Issue 11: a client's tenth call behaves as its first. Each client makes several calls with the same
 * script (a 500, then a success), on each SDK line, with and without `cacheMiddleware`, in memory and
 * over HTTP to the emulator: every call is retried once, reports the same events, and sends the same
 * `amz-sdk-request` headers, whose `max=` is the client's `maxAttempts` (the SDK's contract, whatever
 * the strategy's own limit).
 */
import { createResilience } from "../../src";
import type { ResilienceOptions } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import type { SdkLine } from "../support/sdkLines";
import { ALL_LINES, expectedRequestHeaders, expectEveryCallLikeTheFirst, recordCalls } from "../support/sdkLines";

const CALLS = 6;
const RETRIED_ONCE = ["onAttempt", "onRetry", "onAttempt", "onSuccess"];

/** Deterministic and fast: zero jitter, tiny backoffs. */
const options = (rec: ReturnType<typeof recorder>, extra: ResilienceOptions = {}) =>
  rec.options({ backoff: { baseMs: 1, maxMs: 5, throttlingBaseMs: 1 }, ...extra });

/** A client on `line` whose every call meets a 500 and then a success, in memory. */
function inMemory(line: SdkLine, client: { cacheMiddleware?: boolean; maxAttempts?: number }, resilienceOptions: ResilienceOptions = {}) {
  const rec = recorder();
  const handler = scriptedHandler((i) => (i % 2 === 0 ? line.serverError() : line.ok()));
  const c = line.client({ resilience: createResilience(options(rec, resilienceOptions)), requestHandler: handler, ...client });
  const headers = () => handler.requests.map((request) => request.headers["amz-sdk-request"] ?? "(none)");
  return { rec, send: c.send, headers };
}

describe.each(ALL_LINES)("$label", (line) => {
  describe.each([
    ["cacheMiddleware off", false],
    ["cacheMiddleware on", true],
  ])("%s", (_label, cacheMiddleware) => {
    test(`${CALLS} calls, each a 500 then a success: every call retried once, same events, same headers`, async () => {
      const { rec, send, headers } = inMemory(line, { cacheMiddleware });
      const records = await recordCalls(CALLS, send, rec.events, headers);
      expect(records[0]).toMatchObject({ ok: true, attempts: 2, requestHeaders: expectedRequestHeaders(2, 3) });
      expect(records[0].events.map((e) => e.type)).toEqual(RETRIED_ONCE);
      expect(records[0].events[3]).toMatchObject({ type: "onSuccess", service: line.service, attempts: 2 });
      expectEveryCallLikeTheFirst(records);
    });

    test("amz-sdk-request max= is the client's maxAttempts (5) on every call, the strategy allowing 3", async () => {
      const { rec, send, headers } = inMemory(line, { cacheMiddleware, maxAttempts: 5 });
      const records = await recordCalls(CALLS, send, rec.events, headers);
      records.forEach((record, i) => expect({ call: i + 1, headers: record.requestHeaders }).toEqual({ call: i + 1, headers: expectedRequestHeaders(2, 5) }));
    });

    test("amz-sdk-request max= is the client's default (3) on every call, the strategy allowing 2", async () => {
      const { rec, send, headers } = inMemory(line, { cacheMiddleware }, { maxAttempts: 2 });
      const records = await recordCalls(CALLS, send, rec.events, headers);
      records.forEach((record, i) => expect({ call: i + 1, headers: record.requestHeaders }).toEqual({ call: i + 1, headers: expectedRequestHeaders(2, 3) }));
      expectEveryCallLikeTheFirst(records);
    });
  });
});

describe("over HTTP to the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3 });
  });
  afterAll(() => emulator.close());

  test.each(ALL_LINES.map((line) => [line.label, line] as const))(
    "%s, cacheMiddleware on, client maxAttempts 4: every call retried once, same events and headers",
    async (_label, line) => {
      emulator.setFaults({ scripts: [{ match: { service: line.service }, steps: Array.from({ length: CALLS }, () => [500, "ok"] as const).flat() }] });
      emulator.resetStats();
      const rec = recorder();
      const client = line.client({ resilience: createResilience(options(rec)), endpoint: emulator.endpoint, cacheMiddleware: true, maxAttempts: 4 });
      const headers = () => emulator.requests().map((request) => request.headers["amz-sdk-request"] ?? "(none)");
      const records = await recordCalls(CALLS, client.send, rec.events, headers);
      expect(records[0]).toMatchObject({ ok: true, attempts: 2, requestHeaders: expectedRequestHeaders(2, 4) });
      expect(records[0].events.map((e) => e.type)).toEqual(RETRIED_ONCE);
      expect(records[0].events[0]).toMatchObject({ httpStatusCode: 500, requestId: expect.stringMatching(/^emu-/) });
      // Request ids differ from call to call; everything else must not.
      for (const record of records) for (const event of record.events) if ("requestId" in event) event.requestId = "(id)";
      expectEveryCallLikeTheFirst(records);
      expect(emulator.stats().byOperation[line.statsKey]?.requests).toBe(2 * CALLS);
    },
  );
});
