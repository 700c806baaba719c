import { headlines } from "../../demo/headlines";
import type { Summary } from "../../demo/metrics";

const summary = (phase: Summary["phase"], variant: Summary["variant"], extra: Partial<Summary>): Summary => ({
  phase,
  variant,
  calls: 10,
  successes: 10,
  successRate: 1,
  requests: 10,
  requestsPerCall: 1,
  refused: 0,
  latencyMs: { p50: 10, p99: 20 },
  pacing: { calls: 0, totalMs: 0, unpacedLatencyMs: {} },
  retriesByClass: {},
  giveUpsByReason: {},
  attemptsByStatus: {},
  ...extra,
});

describe("headlines", () => {
  test("say what differs per phase, with the SDK's figure beside ours", () => {
    const lines = headlines([
      summary("healthy", "sdk-standard", {}),
      summary("healthy", "smithy-resilience", {}),
      summary("outage", "sdk-standard", { successRate: 0, requestsPerCall: 2.06, retriesByClass: { TRANSIENT: 190 }, latencyMs: { p50: 56 } }),
      summary("outage", "smithy-resilience", { successRate: 0, requestsPerCall: 0.47, retriesByClass: { TRANSIENT: 38 }, latencyMs: { p50: 0.8 } }),
      summary("outage", "smithy-resilience", { service: "Pinpoint", requestsPerCall: 9 }),
    ]);
    expect(lines).toEqual([
      "Outage: smithy-resilience 0.47 requests per call (SDK 2.06), 38 retries (SDK 190), failing in 0.8 ms at p50 (SDK 56 ms).",
    ]);
  });

  test("a latency gap is stated either way, so a cost shows as plainly as a gain", () => {
    const lines = headlines([
      summary("throttled", "sdk-standard", { requestsPerCall: 1.22, latencyMs: { p50: 15, p99: 988 } }),
      summary("throttled", "smithy-resilience", { requestsPerCall: 1.08, latencyMs: { p50: 131, p99: 493 } }),
      summary("healthy", "sdk-standard", { latencyMs: { p50: 15, p99: 30 } }),
      summary("healthy", "smithy-resilience", { latencyMs: { p50: 16, p99: 34 } }),
    ]);
    expect(lines).toEqual(["Throttled: smithy-resilience 1.08 requests per call (SDK 1.22), 131 ms at p50 (SDK 15 ms), 493 ms at p99 (SDK 988 ms)."]);
  });

  test("a loss is stated too", () => {
    const lines = headlines([summary("recovery", "sdk-standard", {}), summary("recovery", "smithy-resilience", { successRate: 0.978 })]);
    expect(lines).toEqual(["Recovery: smithy-resilience 97.8% success (SDK 100.0%)."]);
  });
});
