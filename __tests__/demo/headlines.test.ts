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
  latencyMs: { p50: 10, p99: 20 },
  pacing: { calls: 0, totalMs: 0 },
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

  test("a loss is stated too", () => {
    const lines = headlines([summary("recovery", "sdk-standard", {}), summary("recovery", "smithy-resilience", { successRate: 0.978 })]);
    expect(lines).toEqual(["Recovery: smithy-resilience 97.8% success (SDK 100.0%)."]);
  });
});
