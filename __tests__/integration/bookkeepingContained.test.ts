/**
 * A user's call never fails because of this library's bookkeeping. The layers watch each attempt and
 * each call rather than wrap them, so a failure in what they record afterwards (here, a quota store
 * whose limiter throws on every response) is reported as a warning and changes neither the call's
 * outcome nor its retries. What that attempt's record would have done after the failure is lost (its
 * `onAttempt` here); the call's own events are not. Several calls per client, one at a time and
 * concurrently, on every SDK line, with and without `cacheMiddleware`.
 */
import { createResilience } from "../../src";
import type { QuotaStore } from "../../src";
import { scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { ALL_LINES } from "../support/sdkLines";

const CALLS = 5;
const CONCURRENT = 8;

/** A store whose limiters never pace and throw on every response they are told of. */
function throwingStore(): QuotaStore & { responses: number } {
  const store = {
    responses: 0,
    limiter: () => ({
      acquire: () => undefined,
      onResponse: () => {
        store.responses++;
        throw new Error("limiter bookkeeping bug");
      },
      currentRate: () => undefined,
      predictedWaitMs: () => 0,
      waiting: 0,
    }),
  };
  return store;
}

describe.each(ALL_LINES)("$label", (line) => {
  test.each([false, true])("cacheMiddleware %s: every call retried once and succeeds; one warning per attempt", async (cacheMiddleware) => {
    const rec = recorder();
    const store = throwingStore();
    const resilience = createResilience(rec.options({ store, backoff: { baseMs: 1, maxMs: 5, throttlingBaseMs: 1 } }));
    // Even requests meet a 500, odd ones succeed: one at a time, every call is a 500 then a success.
    const handler = scriptedHandler((i) => (i % 2 === 0 ? line.serverError() : line.ok()));
    const client = line.client({ resilience, requestHandler: handler, cacheMiddleware, logger: rec.logger });

    for (let i = 0; i < CALLS; i++) expect((await client.send()).$metadata.attempts).toBe(2);

    expect(handler.requests).toHaveLength(2 * CALLS);
    expect(store.responses).toBe(2 * CALLS);
    expect(rec.warn).toHaveLength(2 * CALLS);
    for (const warning of rec.warn) expect(warning).toBe("smithy-resilience recording an attempt failed: limiter bookkeeping bug");
    expect(rec.types()).toEqual(Array.from({ length: CALLS }, () => ["onRetry", "onSuccess"]).flat());
  });

  test("concurrent calls: the requests sent are the attempts the calls report, and every call ends once", async () => {
    const rec = recorder();
    const store = throwingStore();
    const resilience = createResilience(rec.options({ store, backoff: { baseMs: 1, maxMs: 5, throttlingBaseMs: 1 } }));
    const handler = scriptedHandler((i) => (i % 3 === 0 ? line.serverError() : line.ok()));
    const client = line.client({ resilience, requestHandler: handler, cacheMiddleware: true, logger: rec.logger });

    const outputs = await Promise.all(Array.from({ length: CONCURRENT }, () => client.send()));

    const attempts = outputs.map((output) => output.$metadata.attempts ?? 0);
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(handler.requests.length);
    expect(store.responses).toBe(handler.requests.length);
    expect(rec.warn).toHaveLength(handler.requests.length);
    expect(rec.types().filter((type) => type === "onSuccess")).toHaveLength(CONCURRENT);
  });
});
