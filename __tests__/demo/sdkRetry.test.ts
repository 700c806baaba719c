import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient } from "@aws-sdk/client-pinpoint-sms-voice";
import type { RetryErrorInfo, RetryToken } from "@smithy/types";
import { ObservedSdkRetryStrategy, SeededSdkBackoff, sdkRefusalReason, type SdkRetryListener } from "../../demo/sdkRetry";
import { createSeededRandom } from "../../src/testing";

const SEED = 11;
const firstDraw = createSeededRandom(SEED)();

function listener() {
  const events: string[] = [];
  const recorder: SdkRetryListener = {
    onRetry: (errorClass, delayMs) => events.push(`retry ${errorClass} ${delayMs}`),
    onGiveUp: (reason, errorClass) => events.push(`give-up ${reason} ${errorClass}`),
  };
  return { events, recorder };
}

const info = (errorType: RetryErrorInfo["errorType"]): RetryErrorInfo => ({ errorType, error: new Error("emulated") as never });

test("SeededSdkBackoff is the SDK's formula, floor(b * min(base * 2^i, 20 s)), with a seeded b", () => {
  const backoff = new SeededSdkBackoff(() => 0.5);
  backoff.setDelayBase(100);
  expect([0, 1, 2, 10].map((i) => backoff.computeNextBackoffDelay(i))).toEqual([50, 100, 200, 10_000]);
  const seeded = () => new SeededSdkBackoff(createSeededRandom(SEED));
  const [a, b] = [seeded(), seeded()];
  a.setDelayBase(1000);
  b.setDelayBase(1000);
  expect([1, 2, 3].map((i) => a.computeNextBackoffDelay(i))).toEqual([1, 2, 3].map((i) => b.computeNextBackoffDelay(i)));
});

test.each([
  ["CLIENT_ERROR", 1, 3, "non-retryable"],
  ["SERVER_ERROR", 1, 3, "non-retryable"],
  ["TRANSIENT", 3, 3, "max-attempts"],
  ["THROTTLING", 3, 3, "max-attempts"],
  ["TRANSIENT", 1, 3, "retry-budget"],
] as const)("a refused %s retry after attempt %i of %i is %s", (errorType, attempt, maxAttempts, reason) => {
  expect(sdkRefusalReason(errorType, attempt, maxAttempts)).toBe(reason);
});

describe("ObservedSdkRetryStrategy around a stand-in SDK strategy", () => {
  /** A minimal strategy: retries while `allow()` says so, a token per retry count. */
  function standIn(allow: () => boolean) {
    const token = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });
    return {
      retryBackoffStrategy: { setDelayBase: () => undefined, computeNextBackoffDelay: () => 0 },
      successes: 0,
      acquireInitialRetryToken: async () => token(0, 0),
      refreshRetryTokenForRetry: async (t: RetryToken) => {
        if (!allow()) throw new Error("No retry token available");
        return token(t.getRetryCount() + 1, 7);
      },
      recordSuccess() {
        this.successes++;
      },
      getMaxAttempts: async () => 3,
    };
  }

  test("asks the provider for a strategy per call, like the SDK's retry middleware", async () => {
    const provider = jest.fn(async () => standIn(() => true));
    const observed = new ObservedSdkRetryStrategy(provider, Math.random, listener().recorder);
    await observed.acquireInitialRetryToken("");
    await observed.acquireInitialRetryToken("");
    expect(provider).toHaveBeenCalledTimes(2);
  });

  test("seeds a shared strategy's backoff once and routes each token back to its strategy", async () => {
    const shared = standIn(() => true);
    const observed = new ObservedSdkRetryStrategy(async () => shared, Math.random, listener().recorder);
    const token = await observed.acquireInitialRetryToken("");
    const backoff = shared.retryBackoffStrategy;
    expect(backoff).toBeInstanceOf(SeededSdkBackoff);
    const retried = await observed.refreshRetryTokenForRetry(await observed.acquireInitialRetryToken(""), info("TRANSIENT"));
    expect(shared.retryBackoffStrategy).toBe(backoff);
    observed.recordSuccess(retried);
    observed.recordSuccess(token);
    expect(shared.successes).toBe(2);
  });

  test("reports granted retries with their delay and refusals with the SDK's reason, rethrowing them", async () => {
    let budget = 1;
    const { events, recorder } = listener();
    const observed = new ObservedSdkRetryStrategy(async () => standIn(() => budget-- > 0), Math.random, recorder);
    const token = await observed.refreshRetryTokenForRetry(await observed.acquireInitialRetryToken(""), info("THROTTLING"));
    await expect(observed.refreshRetryTokenForRetry(token, info("TRANSIENT"))).rejects.toThrow("No retry token available");
    expect(events).toEqual(["retry THROTTLING 7", "give-up retry-budget TRANSIENT"]);
  });

  test("refuses tokens it did not hand out", () => {
    const observed = new ObservedSdkRetryStrategy(async () => standIn(() => true), Math.random, listener().recorder);
    expect(() => observed.recordSuccess({ getRetryCount: () => 0, getRetryDelay: () => 0 })).toThrow(
      "demo: a retry token this observer did not hand out",
    );
  });
});

describe("ObservedSdkRetryStrategy around the clients' own defaults", () => {
  const config = {
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    retryMode: "standard",
    maxAttempts: 3,
  };

  // Base delay of a TRANSIENT retry: 50 ms on the current line (the SDK's 2026 value), 100 ms on the old one.
  test.each([
    ["current line (Pinpoint)", () => new PinpointClient(config), 50, true],
    ["old line (SMS Voice v1)", () => new PinpointSMSVoiceClient(config), 100, false],
  ])("%s: seeded delays and the SDK's own refusals (one strategy for all calls: %s)", async (_line, create, baseMs, sharedBudget) => {
    const client = create();
    const provider = () => client.config.retryStrategy();
    expect((await provider()) === (await provider())).toBe(sharedBudget);
    const { events, recorder } = listener();
    const observed = new ObservedSdkRetryStrategy(provider, createSeededRandom(SEED), recorder);

    let token = await observed.acquireInitialRetryToken("");
    token = await observed.refreshRetryTokenForRetry(token, info("TRANSIENT"));
    token = await observed.refreshRetryTokenForRetry(token, info("TRANSIENT"));
    await expect(observed.refreshRetryTokenForRetry(token, info("TRANSIENT"))).rejects.toThrow();
    await expect(observed.refreshRetryTokenForRetry(await observed.acquireInitialRetryToken(""), info("CLIENT_ERROR"))).rejects.toThrow();

    expect(events).toEqual([
      `retry TRANSIENT ${Math.floor(firstDraw * baseMs)}`,
      expect.stringMatching(/^retry TRANSIENT \d+$/),
      "give-up max-attempts TRANSIENT",
      "give-up non-retryable CLIENT_ERROR",
    ]);
    client.destroy();
  });
});
