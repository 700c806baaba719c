/** Flaky service: 20% of Pinpoint SendMessages requests fail with InternalServerErrorException (500). */
import { round } from "../measure";
import type { Scenario } from "../scenario";
import { countFor, forEachVariant, runOnEmulator } from "../scenario";

export const flaky: Scenario = {
  name: "flaky",
  title: "Pinpoint flaky (20% 500s)",
  async run(context) {
    const calls = countFor(context, 1000, 300, 16);
    const concurrency = 16;
    // Drawn per call and attempt: every variant meets the same faults on the same calls (a paired comparison).
    const faults = { rates: [{ rate: 0.2, fault: 500 }], randomBy: "call" as const };
    const results = await forEachVariant(context, this.name, async (variant) => {
      const { summary, requests } = await runOnEmulator(context, variant, { service: "Pinpoint", faults, calls, concurrency });
      return {
        successPct: round(summary.successPct, 2),
        requestsPerCall: round(requests / calls, 3),
        p50Ms: round(summary.p50Ms, 2),
        p99Ms: round(summary.p99Ms, 1),
      };
    });
    return {
      params: { calls, concurrency, faultRate: 0.2 },
      metrics: [
        { key: "successPct", label: "success %", digits: 2 },
        { key: "requestsPerCall", label: "requests per call", digits: 3 },
        { key: "p50Ms", label: "p50 ms", digits: 2, ratio: true },
        { key: "p99Ms", label: "p99 ms", ratio: true },
      ],
      results,
    };
  },
};
