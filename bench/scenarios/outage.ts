/** Outage: every Pinpoint request fails with a 500, so every call fails; how many requests, and how fast. */
import { round } from "../measure";
import type { Scenario } from "../scenario";
import { countFor, forEachVariant, runOnEmulator } from "../scenario";

export const outage: Scenario = {
  name: "outage",
  title: "Pinpoint outage (100% 500s)",
  async run(context) {
    const calls = countFor(context, 600, 200, 16);
    const concurrency = 16;
    const faults = { rates: [{ rate: 1, fault: 500 }] };
    const results = await forEachVariant(context, this.name, async (variant) => {
      const { summary, requests } = await runOnEmulator(context, variant, { service: "Pinpoint", faults, calls, concurrency });
      return {
        successPct: round(summary.successPct, 2),
        requestsPerCall: round(requests / calls, 3),
        failP50Ms: round(summary.failP50Ms, 2),
      };
    });
    return {
      params: { calls, concurrency, faultRate: 1 },
      metrics: [
        { key: "successPct", label: "success %", digits: 2 },
        { key: "requestsPerCall", label: "requests per call", digits: 3 },
        { key: "failP50Ms", label: "p50 time to fail ms", digits: 2, ratio: true },
      ],
      results,
    };
  },
};
