import {
  ALL_PHASES,
  emptyRecords,
  outcomeOf,
  percentile,
  summarize,
  summarizeAll,
  type RecordKey,
  type RunRecords,
} from "../../demo/metrics";

describe("percentile (nearest rank)", () => {
  test.each([
    [[15, 20, 35, 40, 50], 30, 20],
    [[15, 20, 35, 40, 50], 40, 20],
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 100, 50],
    [[3, 1, 2], 50, 2],
    [[7], 99, 7],
    [[7], 1, 7],
  ])("of %j at p%d is %d", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  test("p99 of 1..100 is 99 and p99 of 1..1000 is 990", () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(percentile(range(100), 99)).toBe(99);
    expect(percentile(range(1000), 99)).toBe(990);
  });

  test("does not reorder its input", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  test("is undefined for no values", () => {
    expect(percentile([], 50)).toBeUndefined();
  });

  test.each([0, -1, 101, Number.NaN])("rejects p = %d", (p) => {
    expect(() => percentile([1], p)).toThrow(`percentile must be in (0, 100] (got ${p})`);
  });
});

test.each([
  [200, "ok"],
  [204, "ok"],
  [429, "throttled"],
  [400, "client-error"],
  [412, "client-error"],
  [500, "server-error"],
  [503, "server-error"],
  [undefined, "network-error"],
] as const)("status %s is %s", (status, outcome) => {
  expect(outcomeOf(status)).toBe(outcome);
});

describe("summarize", () => {
  const sdkOutage: RecordKey = { variant: "sdk-standard", service: "Pinpoint", phase: "outage" };
  const libOutage: RecordKey = { variant: "smithy-resilience", service: "Pinpoint", phase: "outage" };
  const v1Outage: RecordKey = { ...sdkOutage, service: "PinpointSMSVoice" };
  const sdkHealthy: RecordKey = { ...sdkOutage, phase: "healthy" };

  function records(): RunRecords {
    const r = emptyRecords();
    r.calls.push(
      { ...sdkOutage, ok: false, attempts: 3, latencyMs: 120, pacingMs: 0 },
      { ...sdkOutage, ok: false, attempts: 1, latencyMs: 10, pacingMs: 0 },
      { ...v1Outage, ok: true, attempts: 2, latencyMs: 60, pacingMs: 0 },
      { ...sdkHealthy, ok: true, attempts: 1, latencyMs: 5, pacingMs: 0 },
      { ...libOutage, ok: false, attempts: 0, latencyMs: 0.4, pacingMs: 0 },
      { ...libOutage, ok: true, attempts: 1, latencyMs: 140, pacingMs: 120 },
      { ...libOutage, ok: true, attempts: 2, latencyMs: 90, pacingMs: 45 },
    );
    const attempt = (key: RecordKey, status: number) => ({ ...key, atMs: 0, status, outcome: outcomeOf(status) });
    r.attempts.push(
      attempt(sdkOutage, 500),
      attempt(sdkOutage, 500),
      attempt(sdkOutage, 500),
      attempt(sdkOutage, 500),
      attempt(v1Outage, 500),
      attempt(v1Outage, 200),
      attempt(sdkHealthy, 200),
    );
    r.retries.push({ ...sdkOutage, errorClass: "TRANSIENT" }, { ...sdkOutage, errorClass: "TRANSIENT" }, { ...v1Outage, errorClass: "TRANSIENT" });
    r.giveUps.push({ ...sdkOutage, reason: "max-attempts" }, { ...sdkOutage, reason: "retry-budget" }, { ...libOutage, reason: "circuit-open" });
    return r;
  }

  test("adds up one phase and variant over all services", () => {
    expect(summarize(records(), "outage", "sdk-standard")).toEqual({
      phase: "outage",
      variant: "sdk-standard",
      calls: 3,
      successes: 1,
      successRate: 1 / 3,
      requests: 6,
      requestsPerCall: 2,
      refused: 0,
      latencyMs: { p50: 60, p99: 120, max: 120 },
      pacing: { calls: 0, totalMs: 0, unpacedLatencyMs: { p50: 60, p99: 120 } },
      retriesByClass: { TRANSIENT: 3 },
      giveUpsByReason: { "max-attempts": 1, "retry-budget": 1 },
      attemptsByStatus: { "500": 5, "200": 1 },
    });
  });

  test("narrows to one service when asked", () => {
    expect(summarize(records(), "outage", "sdk-standard", "Pinpoint")).toMatchObject({
      service: "Pinpoint",
      calls: 2,
      successes: 0,
      requests: 4,
      giveUpsByReason: { "max-attempts": 1, "retry-budget": 1 },
    });
  });

  test("counts calls refused before sending as calls with no requests, apart from a probe the open breaker did not retry", () => {
    const refused = emptyRecords();
    refused.calls.push({ ...libOutage, ok: false, attempts: 0, latencyMs: 0.4, pacingMs: 0 }, { ...libOutage, ok: false, attempts: 1, latencyMs: 12, pacingMs: 0 });
    refused.attempts.push({ ...libOutage, atMs: 0, status: 500, outcome: outcomeOf(500) });
    refused.giveUps.push({ ...libOutage, reason: "circuit-open" }, { ...libOutage, reason: "circuit-open" });
    expect(summarize(refused, "outage", "smithy-resilience")).toMatchObject({
      calls: 2,
      requests: 1,
      refused: 1,
      giveUpsByReason: { "circuit-open": 2 },
    });
  });

  test("adds up the calls the rate limiter held back and how long", () => {
    // Latencies 0.4, 140 and 90 ms, of which 0, 120 and 45 ms held back: 0.4, 20 and 45 ms without.
    expect(summarize(records(), "outage", "smithy-resilience").pacing).toEqual({ calls: 2, totalMs: 165, unpacedLatencyMs: { p50: 20, p99: 45 } });
  });

  test("the all-phases row adds every phase", () => {
    expect(summarize(records(), ALL_PHASES, "sdk-standard")).toMatchObject({ phase: ALL_PHASES, calls: 4, successes: 2, requests: 7 });
  });

  test("an empty phase has zero rates and no latency", () => {
    expect(summarize(emptyRecords(), "flaky", "sdk-standard")).toMatchObject({
      calls: 0,
      successRate: 0,
      requestsPerCall: 0,
      latencyMs: { p50: undefined, p99: undefined, max: undefined },
    });
  });

  test("summarizeAll orders rows by phase (then all), variant and service", () => {
    const rows = summarizeAll(records(), ["outage", "healthy"]);
    expect(rows.map((r) => `${r.phase}/${r.variant}`)).toEqual([
      "outage/sdk-standard",
      "outage/smithy-resilience",
      "healthy/sdk-standard",
      "healthy/smithy-resilience",
      "all/sdk-standard",
      "all/smithy-resilience",
    ]);
    const byService = summarizeAll(records(), ["outage"], ["Pinpoint", "PinpointSMSVoice"]);
    expect(byService.map((r) => `${r.phase}/${r.variant}/${r.service}`)).toEqual([
      "outage/sdk-standard/Pinpoint",
      "outage/sdk-standard/PinpointSMSVoice",
      "outage/smithy-resilience/Pinpoint",
      "outage/smithy-resilience/PinpointSMSVoice",
      "all/sdk-standard/Pinpoint",
      "all/sdk-standard/PinpointSMSVoice",
      "all/smithy-resilience/Pinpoint",
      "all/smithy-resilience/PinpointSMSVoice",
    ]);
  });
});
