/** Bad request: every Pinpoint request gets BadRequestException (400), which no stack should retry. */
import { round } from "../measure";
import type { Scenario } from "../scenario";
import { countFor, forEachVariant, runOnEmulator } from "../scenario";

export const badRequest: Scenario = {
  name: "bad-request",
  title: "Pinpoint bad request (400)",
  async run(context) {
    const calls = countFor(context, 300, 100, 16);
    const concurrency = 16;
    const faults = { rates: [{ rate: 1, fault: 400 }] };
    const results = await forEachVariant(context, this.name, async (variant) => {
      const { summary, requests } = await runOnEmulator(context, variant, { service: "Pinpoint", faults, calls, concurrency });
      return { successPct: round(summary.successPct, 2), requestsPerCall: round(requests / calls, 3) };
    });
    return {
      params: { calls, concurrency },
      metrics: [
        { key: "successPct", label: "success %", digits: 2 },
        { key: "requestsPerCall", label: "requests per call", digits: 3 },
      ],
      results,
    };
  },
};
