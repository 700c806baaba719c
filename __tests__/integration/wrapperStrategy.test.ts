/**
 * Issue 11: a user's strategy that wraps `r.retryStrategy` (to count, log or veto) is what the client
 * runs, on every call: its methods are called on the 1st call and on the 5th, and retries still happen
 * through it. With the plugin installed, on each SDK line, with and without `cacheMiddleware`.
 */
import { createResilience } from "../../src";
import type { Resilience, ResilienceOptions } from "../../src";
import { scriptedHandler } from "../support/inMemoryHandler";
import { recorder } from "../support/recorder";
import { ALL_LINES, expectedRequestHeaders, expectEveryCallLikeTheFirst, recordCalls } from "../support/sdkLines";

type Strategy = Resilience["retryStrategy"];
type Token = Awaited<ReturnType<Strategy["acquireInitialRetryToken"]>>;
type ErrorInfo = Parameters<Strategy["refreshRetryTokenForRetry"]>[1];

/** Delegates to `inner` and counts the calls of each method; `veto` makes every retry refused by the wrapper itself. */
function countingWrapper(inner: Strategy, veto = false) {
  const counts = { acquire: 0, refresh: 0, success: 0 };
  const strategy = {
    acquireInitialRetryToken(scope: string): Promise<Token> {
      counts.acquire++;
      return inner.acquireInitialRetryToken(scope);
    },
    refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo): Promise<Token> {
      counts.refresh++;
      if (veto) return Promise.reject(new Error("vetoed by the wrapper"));
      return inner.refreshRetryTokenForRetry(token, errorInfo);
    },
    recordSuccess(token: Token): void {
      counts.success++;
      inner.recordSuccess(token);
    },
  };
  return { counts, strategy };
}

const CALLS = 5;
const options = (rec: ReturnType<typeof recorder>, extra: ResilienceOptions = {}) =>
  rec.options({ backoff: { baseMs: 1, maxMs: 5, throttlingBaseMs: 1 }, ...extra });

describe.each(ALL_LINES)("$label", (line) => {
  describe.each([
    ["cacheMiddleware off", false],
    ["cacheMiddleware on", true],
  ])("%s", (_label, cacheMiddleware) => {
    test(`a counting wrapper is called on each of ${CALLS} calls (a 500 then a success each); every call retried through it`, async () => {
      const rec = recorder();
      const r = createResilience(options(rec));
      const wrapper = countingWrapper(r.retryStrategy);
      const handler = scriptedHandler((i) => (i % 2 === 0 ? line.serverError() : line.ok()));
      const client = line.client({ resilience: r, retryStrategy: wrapper.strategy, requestHandler: handler, cacheMiddleware });
      const perCall: Array<typeof wrapper.counts> = [];
      const headers = () => handler.requests.map((request) => request.headers["amz-sdk-request"] ?? "(none)");
      const records = [];
      for (let i = 0; i < CALLS; i++) {
        records.push(...(await recordCalls(1, client.send, rec.events, headers)));
        perCall.push({ ...wrapper.counts });
      }
      expect(perCall).toEqual(Array.from({ length: CALLS }, (_, i) => ({ acquire: i + 1, refresh: i + 1, success: i + 1 })));
      expect(records[0]).toMatchObject({ ok: true, attempts: 2, requestHeaders: expectedRequestHeaders(2, 3) });
      expect(records[0].events.map((e) => e.type)).toEqual(["onAttempt", "onRetry", "onAttempt", "onSuccess"]);
      expectEveryCallLikeTheFirst(records);
    });

    test(`a wrapper that vetoes every retry is obeyed on each of ${CALLS} calls`, async () => {
      const rec = recorder();
      const r = createResilience(options(rec));
      const wrapper = countingWrapper(r.retryStrategy, true);
      const handler = scriptedHandler((i) => (i % 2 === 0 ? line.serverError() : line.ok()));
      const client = line.client({ resilience: r, retryStrategy: wrapper.strategy, requestHandler: handler, cacheMiddleware });
      const headers = () => handler.requests.map((request) => request.headers["amz-sdk-request"] ?? "(none)");
      // Each call meets a 500 and is not retried, so the script's OKs fall to every other call.
      const records = await recordCalls(2 * CALLS, client.send, rec.events, headers);
      const failed = records.filter((_, i) => i % 2 === 0);
      const succeeded = records.filter((_, i) => i % 2 === 1);
      expect(failed[0]).toMatchObject({ ok: false, attempts: 1, requestHeaders: expectedRequestHeaders(1, 3) });
      expect(failed[0].events.map((e) => e.type)).toEqual(["onAttempt", "onGiveUp"]);
      expect(succeeded[0].events.map((e) => e.type)).toEqual(["onAttempt", "onSuccess"]);
      expectEveryCallLikeTheFirst(failed);
      expectEveryCallLikeTheFirst(succeeded);
      expect(wrapper.counts).toEqual({ acquire: 2 * CALLS, refresh: CALLS, success: CALLS });
      expect(handler.requests).toHaveLength(2 * CALLS);
    });
  });
});
