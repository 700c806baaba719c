import { createResilience } from "../../src";
import { resolveOptions } from "../../src/options";
import type { ResilienceOptions } from "../../src";
import { MAX_TIMER_DELAY_MS } from "../../src/timerLimit";

const MAX = MAX_TIMER_DELAY_MS;

describe("options", () => {
  test("defaults are the SDK's 2026 values", () => {
    const resolved = resolveOptions({}, {});
    expect(resolved.maxAttempts).toBe(3);
    expect(resolved.backoff).toEqual({ baseMs: 50, throttlingBaseMs: 1000, maxMs: 20000, jitter: "full" });
    expect(resolved.maxRetryAfterMs).toBe(20000);
    expect(resolved.retryBudget).toEqual({ capacity: 500, retryCost: 14, throttlingCost: 5, everyService: false });
    // Given, even empty: every service has a budget, SMS Voice v1 included.
    expect(resolveOptions({ retryBudget: {} }).retryBudget).toMatchObject({ capacity: 500, everyService: true });
    expect(resolved.debug).toBe(false);
    expect(resolved.retryNonIdempotent).toBe(true);
  });

  test("debug turns on from SMITHY_RESILIENCE_DEBUG=1 unless set explicitly", () => {
    expect(resolveOptions({}, { SMITHY_RESILIENCE_DEBUG: "1" }).debug).toBe(true);
    expect(resolveOptions({ debug: false }, { SMITHY_RESILIENCE_DEBUG: "1" }).debug).toBe(false);
    expect(resolveOptions({}, { SMITHY_RESILIENCE_DEBUG: "0" }).debug).toBe(false);
  });

  test("createResilience() works with no options", () => {
    const r = createResilience();
    expect(typeof r.retryStrategy.acquireInitialRetryToken).toBe("function");
    expect(typeof r.plugin.applyToStack).toBe("function");
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["maxAttempts 0", { maxAttempts: 0 }, /"maxAttempts" must be an integer >= 1 \(got 0\)/],
    ["maxAttempts 2.5", { maxAttempts: 2.5 }, /"maxAttempts" must be an integer >= 1/],
    ["maxAttempts string", { maxAttempts: "3" }, /"maxAttempts" must be an integer >= 1 \(got "3"\)/],
    ["negative base", { backoff: { baseMs: -1 } }, /"backoff.baseMs" must be a finite number >= 0/],
    ["infinite max", { backoff: { maxMs: Infinity } }, /"backoff.maxMs" must be a finite number >= 0/],
    ["NaN throttling base", { backoff: { throttlingBaseMs: NaN } }, /"backoff.throttlingBaseMs"/],
    ["unknown jitter", { backoff: { jitter: "random" } }, /"backoff.jitter" must be one of full, equal, decorrelated, none \(got "random"\)/],
    ["negative maxRetryAfterMs", { maxRetryAfterMs: -5 }, /"maxRetryAfterMs" must be a finite number >= 0/],
    ["budget true", { retryBudget: true }, /"retryBudget" must be an object/],
    ["budget cost", { retryBudget: { retryCost: -1 } }, /"retryBudget.retryCost"/],
    ["classify not a function", { classify: "TRANSIENT" }, /"classify" must be a function/],
    ["hook not a function", { hooks: { onRetry: 42 } }, /"hooks.onRetry" must be a function/],
    ["unknown hook", { hooks: { onRetryy: () => {} } }, /"hooks.onRetryy" must be one of the known options/],
    ["unknown option", { maxAttempt: 3 }, /"maxAttempt" must be one of the known options/],
    ["debug string", { debug: "yes" }, /"debug" must be true or false/],
    ["logger not object", { logger: console.log }, /"logger" must be an object/],
    ["breaker run of 0", { circuitBreaker: { consecutiveFailures: 0 } }, /"circuitBreaker.consecutiveFailures" must be an integer >= 1 \(got 0\)/],
    ["breaker run not an integer", { circuitBreaker: { consecutiveFailures: 2.5 } }, /"circuitBreaker.consecutiveFailures" must be an integer >= 1/],
    ["breaker closing on 0 successes", { circuitBreaker: { closeAfterSuccesses: 0 } }, /"circuitBreaker.closeAfterSuccesses" must be an integer >= 1/],
    ["breaker probe interval 0", { circuitBreaker: { probeIntervalMs: 0 } }, /"circuitBreaker.probeIntervalMs" must be a finite number > 0/],
    ["breaker failureRatio (the old ratio rule)", { circuitBreaker: { failureRatio: 0.5 } }, /"circuitBreaker.failureRatio" was replaced by "circuitBreaker.consecutiveFailures"/],
    ["breaker minimumCalls (the old ratio rule)", { circuitBreaker: { minimumCalls: 20 } }, /"circuitBreaker.minimumCalls" was replaced by "circuitBreaker.consecutiveFailures"/],
    ["breaker windowMs (the old ratio rule)", { circuitBreaker: { windowMs: 10_000 } }, /"circuitBreaker.windowMs" was replaced by "circuitBreaker.consecutiveFailures"/],
    ["breaker openMs", { circuitBreaker: { openMs: 5000 } }, /"circuitBreaker.openMs" was replaced by "circuitBreaker.probeIntervalMs"/],
    ["breaker halfOpenProbes", { circuitBreaker: { halfOpenProbes: 1 } }, /"circuitBreaker.halfOpenProbes" was replaced by "circuitBreaker.closeAfterSuccesses"/],
    ["misspelt breaker option", { circuitBreaker: { probeIntervalMS: 500 } }, /"circuitBreaker.probeIntervalMS" must be one of the known options .*; did you mean probeIntervalMs\?/],
    ["deadline 0", { deadlineMs: 0 }, /"deadlineMs" must be a finite number > 0/],
    ["operation maxAttempts", { operations: { SendMessages: { maxAttempts: 0 } } }, /"operations.SendMessages.maxAttempts" must be an integer >= 1/],
    ["retryNonIdempotent", { retryNonIdempotent: "no" }, /"retryNonIdempotent" must be true or false/],
    ["options not object", 5, /"options" must be an object/],
    ["rateLimiter", { rateLimiter: "cubic" }, /"rateLimiter" must be "adaptive" or false \(got "cubic"\)/],
    ["clock.now without sleep", { clock: { now: () => 0 } }, /"clock" must be given both now and sleep, or neither/],
    ["clock.sleep not a function", { clock: { now: () => 0, sleep: 5 } }, /"clock.sleep" must be a function/],
    ["misspelt option, with the suggestion", { maxAttempt: 3 }, /"maxAttempt" must be one of the known options \(.*\); did you mean maxAttempts\?/],
    ["misspelt nested option", { backoff: { baseMS: 10 } }, /"backoff.baseMS" must be one of the known options .*; did you mean baseMs\?/],
  ];

  test.each(bad)("refuses %s with a message naming the option and range", (_label, options, message) => {
    expect(() => createResilience(options as ResilienceOptions)).toThrow(message);
  });

  describe("bad input that used to be accepted and silently did harm", () => {
    const refused: Array<[string, unknown, RegExp]> = [
      // A misspelt operation key never applied.
      ["misspelt operation", { operations: { SendMesages: { maxAttempts: 1 } } }, /"operations.SendMesages" must be an operation name exactly as the SDK spells it, without "Command"; did you mean SendMessages\? \(got "SendMesages"\)/],
      ["transposed letters", { operations: { SendMesasges: {} } }, /did you mean SendMessages\?/],
      ["wrong case", { operations: { sendTextMessage: {} } }, /"operations.sendTextMessage" .*did you mean SendTextMessage\?/],
      ["misspelt non-send operation", { operations: { GetEndpont: { deadlineMs: 100 } } }, /did you mean GetEndpoint\?/],
      ["tie between two names", { operations: { GetAppz: {} } }, /did you mean GetApp or GetApps\?/],
      ["command class name", { operations: { SendMessagesCommand: {} } }, /"operations.SendMessagesCommand" must be an operation name .*without "Command"; did you mean SendMessages\?/],
      ["misspelt command class name", { operations: { SendVoiceMesageCommand: {} } }, /did you mean SendVoiceMessage\?/],
      // A bucket smaller than one retry's cost refused every retry.
      ["capacity below retryCost", { retryBudget: { capacity: 10 } }, /"retryBudget.capacity" must be >= max\(retryCost, throttlingCost\) = 14 \(retryCost 14, throttlingCost 5\), or no retry can be paid for \(got 10\)/],
      ["capacity below throttlingCost", { retryBudget: { capacity: 6, retryCost: 1, throttlingCost: 7 } }, /"retryBudget.capacity" must be >= max\(retryCost, throttlingCost\) = 7/],
      // A ceiling below a base flattened every backoff to the ceiling.
      ["maxMs below baseMs", { backoff: { baseMs: 100, throttlingBaseMs: 100, maxMs: 50 } }, /"backoff.maxMs" must be >= backoff.baseMs \(100\) and >= backoff.throttlingBaseMs \(100\), the delays it caps \(got 50\)/],
      ["maxMs below the default throttlingBaseMs", { backoff: { maxMs: 500 } }, /"backoff.maxMs" must be >= backoff.baseMs \(50\) and >= backoff.throttlingBaseMs \(1000\)/],
      // A logger that can write nothing.
      ["empty logger", { logger: {} }, /"logger" must be an object with a debug or a warn function \(or both\) \(got "\{\}"\)/],
      ["logger without either method", { logger: { info: () => {}, error: () => {} } }, /"logger" must be an object with a debug or a warn function .*\(got "\{ info, error \}"\)/],
      ["logger with a non-function member", { logger: { debug: () => {}, warn: "console" } }, /"logger.warn" must be a function \(got "console"\)/],
      // Beyond setTimeout's range a delay fires after 1 ms.
      ["backoff.baseMs beyond the timer", { backoff: { baseMs: MAX + 1, maxMs: MAX + 1 } }, /"backoff.baseMs" must be a finite number >= 0 and <= 2147483647 \(setTimeout's limit\) \(got 2147483648\)/],
      ["backoff.throttlingBaseMs beyond the timer", { backoff: { throttlingBaseMs: 2 ** 40 } }, /"backoff.throttlingBaseMs" must be a finite number >= 0 and <= 2147483647/],
      ["backoff.maxMs beyond the timer", { backoff: { maxMs: 3e9 } }, /"backoff.maxMs" must be a finite number >= 0 and <= 2147483647/],
      ["maxRetryAfterMs beyond the timer", { maxRetryAfterMs: MAX + 1 }, /"maxRetryAfterMs" must be a finite number >= 0 and <= 2147483647/],
      ["deadlineMs beyond the timer", { deadlineMs: MAX + 1 }, /"deadlineMs" must be a finite number > 0 and <= 2147483647/],
      ["operation deadline beyond the timer", { operations: { SendMessages: { deadlineMs: MAX + 1 } } }, /"operations.SendMessages.deadlineMs" must be a finite number > 0 and <= 2147483647/],
      ["breaker probeIntervalMs beyond the timer", { circuitBreaker: { probeIntervalMs: 1e12 } }, /"circuitBreaker.probeIntervalMs" must be a finite number > 0 and <= 2147483647/],
    ];

    test.each(refused)("refuses %s", (_label, options, message) => {
      expect(() => createResilience(options as ResilienceOptions)).toThrow(message);
    });

    test("accepts the edges of each range", () => {
      expect(() =>
        createResilience({
          backoff: { baseMs: MAX, throttlingBaseMs: MAX, maxMs: MAX },
          maxRetryAfterMs: MAX,
          deadlineMs: MAX,
          circuitBreaker: { probeIntervalMs: MAX, consecutiveFailures: 1, closeAfterSuccesses: 1 },
          operations: { SendMessages: { deadlineMs: MAX } },
        }),
      ).not.toThrow();
      expect(() => createResilience({ backoff: { baseMs: 0, throttlingBaseMs: 0, maxMs: 0 }, maxRetryAfterMs: 0 })).not.toThrow();
      expect(() => createResilience({ backoff: { baseMs: 50, throttlingBaseMs: 500, maxMs: 500 } })).not.toThrow();
      expect(() => createResilience({ retryBudget: { capacity: 14 } })).not.toThrow();
      expect(() => createResilience({ retryBudget: { capacity: 0, retryCost: 0, throttlingCost: 0 } })).not.toThrow();
    });

    test("a logger with debug or warn alone is enough; other members are its own business", () => {
      expect(() => createResilience({ logger: { warn: () => {} } })).not.toThrow();
      expect(() => createResilience({ logger: { debug: () => {} } })).not.toThrow();
      expect(() => createResilience({ logger: console })).not.toThrow();
      class ClassLogger {
        level = "info";
        debug(): void {}
        warn(): void {}
      }
      expect(() => createResilience({ logger: new ClassLogger() })).not.toThrow();
    });

    test("operation names: every operation of the tabled services is accepted", () => {
      const names = ["SendMessages", "SendUsersMessages", "SendOTPMessage", "VerifyOTPMessage", "GetApps", "GetApp", "UpdateEndpoint", "SendVoiceMessage", "SendTextMessage", "SendMediaMessage", "ListConfigurationSets", "DescribePhoneNumbers"];
      expect(() => createResilience({ operations: Object.fromEntries(names.map((name) => [name, { maxAttempts: 2 }])) })).not.toThrow();
    });

    test("operation names: other services' operations are accepted, even one edit from a known name", () => {
      // Far from every known name: SES, SQS, DynamoDB, SSM (whose "SendCommand" ends in "Command").
      // Near a known name but real elsewhere: SQS's SendMessage (SendMessages), API Gateway's GetApi (GetApp),
      // DynamoDB's ListTagsOfResource (ListTagsForResource).
      const names = ["SendEmail", "ReceiveMessage", "PutItem", "SendCommand", "UnknownOperation", "SendMessage", "GetApi", "ListTagsOfResource"];
      expect(() => createResilience({ operations: Object.fromEntries(names.map((name) => [name, { deadlineMs: 1000 }])) })).not.toThrow();
    });
  });

  test("reserved options of later issues are accepted", () => {
    expect(() =>
      createResilience({
        circuitBreaker: { consecutiveFailures: 75, probeIntervalMs: 1000, closeAfterSuccesses: 2 },
        deadlineMs: 5000,
        operations: { SendMessages: { maxAttempts: 2, deadlineMs: 1000, idempotent: false } },
        retryNonIdempotent: false,
      }),
    ).not.toThrow();
    expect(() => createResilience({ circuitBreaker: false, retryBudget: false })).not.toThrow();
  });
});
