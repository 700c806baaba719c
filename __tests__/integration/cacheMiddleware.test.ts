/**
 * Issue 11: `cacheMiddleware: true`, the SDK's documented option that resolves a command class's handler
 * and its context once and reuses both for every later send (concurrent ones included). Every call must
 * still be its own call: retried as configured, with its own events and exactly one onSuccess or onGiveUp.
 * SMS Voice v1 (3.523, Smithy 2.x) ignores the option; the same expectations hold there.
 */
import { createResilience } from "../../src";
import type { ResilienceOptions } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import type { Reply } from "../support/inMemoryHandler";
import { scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import type { CallOutcome } from "../support/sdkLines";
import { ALL_LINES, expectedRequestHeaders, outcomeOf, recordCalls, requestHeadersByCall } from "../support/sdkLines";

const options = (rec: ReturnType<typeof recorder>, extra: ResilienceOptions = {}) =>
  rec.options({ backoff: { baseMs: 1, maxMs: 5, throttlingBaseMs: 1 }, ...extra });

const count = (types: string[], type: string) => types.filter((t) => t === type).length;

describe.each(ALL_LINES)("cacheMiddleware: true, $label", (line) => {
  test("sequential calls around failures: each retried as configured, one terminal event each, the 10th as the 1st", async () => {
    // Per call: 3 OK; a 500 then OK; 2 OK; three 500s (gives up at maxAttempts 3); 2 OK; a 500 then OK.
    const calls: Array<Array<"ok" | 500>> = [["ok"], ["ok"], ["ok"], [500, "ok"], ["ok"], ["ok"], [500, 500, 500], ["ok"], ["ok"], [500, "ok"]];
    const replies: Reply[] = calls.flat().map((step) => (step === "ok" ? line.ok() : line.serverError()));
    const handler = scriptedHandler(replies);
    const rec = recorder();
    const client = line.client({ resilience: createResilience(options(rec)), requestHandler: handler, cacheMiddleware: true });
    const headers = () => handler.requests.map((request) => request.headers["amz-sdk-request"] ?? "(none)");
    const records = await recordCalls(calls.length, client.send, rec.events, headers);

    expect(records.map((r) => r.attempts)).toEqual(calls.map((steps) => steps.length));
    expect(records.map((r) => r.ok)).toEqual(calls.map((steps) => steps.at(-1) === "ok"));
    records.forEach((record, i) => {
      const types = record.events.map((e) => e.type);
      const attempts = calls[i].length;
      const terminal = calls[i].at(-1) === "ok" ? "onSuccess" : "onGiveUp";
      expect({ call: i + 1, types }).toEqual({
        call: i + 1,
        types: [...Array.from({ length: attempts - 1 }, () => ["onAttempt", "onRetry"]).flat(), "onAttempt", terminal],
      });
      expect({ call: i + 1, terminal: record.events.at(-1) }).toMatchObject({ call: i + 1, terminal: { attempts } });
      expect({ call: i + 1, headers: record.requestHeaders }).toEqual({ call: i + 1, headers: expectedRequestHeaders(attempts, 3) });
    });
    expect(records[6].events.at(-1)).toMatchObject({ type: "onGiveUp", reason: "max-attempts", attempts: 3, errorClass: "TRANSIENT" });
    // Calls with the same script report the same events.
    expect(records[3].events).toEqual(records[9].events);
    for (const i of [1, 2, 4, 5, 7, 8]) expect({ call: i + 1, events: records[i].events }).toEqual({ call: i + 1, events: records[0].events });
    expect(handler.requests).toHaveLength(calls.flat().length);
  });
});

describe("cacheMiddleware: true, concurrent calls over HTTP with seeded random faults", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 21 });
  });
  afterAll(() => emulator.close());

  test.each(ALL_LINES.map((line) => [line.label, line] as const))(
    "%s: 30 concurrent calls on a warm client; attempts add up to the requests, one onAttempt per request, one terminal event per call",
    async (_label, line) => {
      const CALLS = 30;
      const rec = recorder();
      // No breaker: the share of faults is fixed by the seed, but not the order in which concurrent attempts land.
      const resilience = createResilience(options(rec, { circuitBreaker: false }));
      const client = line.client({ resilience, endpoint: emulator.endpoint, cacheMiddleware: true });
      // Warm: the handler and its context are resolved and cached before the burst.
      emulator.setFaults({});
      for (let i = 0; i < 3; i++) await client.send();
      rec.events.length = 0;
      emulator.setFaults({ rates: [{ match: { service: line.service }, rate: 0.35, fault: 500 }], randomBy: "call" });
      emulator.resetStats();

      const outcomes: CallOutcome[] = await Promise.all(Array.from({ length: CALLS }, () => outcomeOf(client.send)));
      const requests = emulator.stats().requests;
      const types = rec.types();
      const attempts = outcomes.map((o) => o.attempts ?? NaN);

      const faults = emulator.stats().byOperation[line.statsKey]?.byStatus["500"] ?? 0;
      expect(faults).toBeGreaterThan(0); // the seed does draw faults
      expect(attempts.reduce((sum, n) => sum + n, 0)).toBe(requests);
      expect(count(types, "onAttempt")).toBe(requests);
      expect(count(types, "onRetry")).toBe(requests - CALLS);
      expect(count(types, "onSuccess")).toBe(outcomes.filter((o) => o.ok).length);
      expect(count(types, "onGiveUp")).toBe(outcomes.filter((o) => !o.ok).length);
      // A 500 is retried: a call fails only after maxAttempts (3) attempts, and every fault but those last ones was retried.
      expect(outcomes.filter((o) => !o.ok).map((o) => o.attempts)).toEqual(outcomes.filter((o) => !o.ok).map(() => 3));
      expect(requests - CALLS).toBe(faults - outcomes.filter((o) => !o.ok).length);
      // Per call on the wire: its own invocation id, attempts numbered 1..n, max= the client's maxAttempts.
      const byCall = requestHeadersByCall(emulator.requests());
      expect(byCall).toHaveLength(CALLS);
      for (const headers of byCall) expect(headers).toEqual(expectedRequestHeaders(headers.length, 3));
      const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
      expect(sorted(byCall.map((headers) => headers.length))).toEqual(sorted(attempts));
      // The terminal events carry the calls' attempt counts.
      const terminalAttempts = rec.events.filter((e) => e.type === "onSuccess" || e.type === "onGiveUp").map((e) => Number(e.event.attempts));
      expect(sorted(terminalAttempts)).toEqual(sorted(attempts));
    },
  );
});
