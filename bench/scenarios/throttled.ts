/**
 * Throttled: the emulator's Pinpoint capacity is 300 requests/s (burst 30) and 64 callers want more.
 * Goodput is successful calls per second of the whole batch, from the first send to the last answer.
 */
import { round } from "../measure";
import type { Scenario } from "../scenario";
import { countFor, forEachVariant, runOnEmulator } from "../scenario";

/** The emulator's capacity rule, requests/s. */
export const THROTTLED_CAPACITY = 300;

export const throttled: Scenario = {
  name: "throttled",
  title: `Pinpoint throttled (capacity ${THROTTLED_CAPACITY} rps)`,
  async run(context) {
    const calls = countFor(context, 1500, 600, 16);
    const concurrency = 64;
    const faults = { capacity: { requestsPerSecond: THROTTLED_CAPACITY } };
    const results = await forEachVariant(context, this.name, async (variant) => {
      const { summary, requests, throttled: answered429 } = await runOnEmulator(context, variant, { service: "Pinpoint", faults, calls, concurrency });
      return {
        successPct: round(summary.successPct, 2),
        goodput: round(summary.goodput, 1),
        throttledPct: round((100 * answered429) / requests, 1),
        requestsPerCall: round(requests / calls, 3),
        p50Ms: round(summary.p50Ms, 1),
        p99Ms: round(summary.p99Ms, 1),
      };
    });
    return {
      params: { calls, concurrency, capacityRps: THROTTLED_CAPACITY },
      metrics: [
        { key: "successPct", label: "success %", digits: 2 },
        { key: "goodput", label: "goodput (successful calls/s)", ratio: true },
        { key: "throttledPct", label: "429 share of requests %" },
        { key: "requestsPerCall", label: "requests per call", digits: 3 },
        { key: "p50Ms", label: "p50 ms", ratio: true },
        { key: "p99Ms", label: "p99 ms", ratio: true },
      ],
      results,
    };
  },
};
