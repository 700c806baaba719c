/**
 * SMS Voice v1 flaky: 20% of SendVoiceMessage requests fail with InternalServiceErrorException (500),
 * through the old Smithy 2.x runtime line of @aws-sdk/client-pinpoint-sms-voice 3.523.
 */
import { round } from "../measure";
import type { Scenario } from "../scenario";
import { countFor, forEachVariant, runOnEmulator } from "../scenario";

export const smsVoiceFlaky: Scenario = {
  name: "sms-voice-flaky",
  title: "SMS Voice v1 flaky (20% 500s)",
  async run(context) {
    const calls = countFor(context, 1000, 300, 16);
    const concurrency = 16;
    // Drawn per call and attempt: every variant meets the same faults on the same calls (a paired comparison).
    const faults = { rates: [{ rate: 0.2, fault: 500 }], randomBy: "call" as const };
    const results = await forEachVariant(context, this.name, async (variant) => {
      const { summary, requests } = await runOnEmulator(context, variant, { service: "PinpointSMSVoice", faults, calls, concurrency });
      return { successPct: round(summary.successPct, 2), requestsPerCall: round(requests / calls, 3), p99Ms: round(summary.p99Ms, 1) };
    });
    return {
      params: { calls, concurrency, faultRate: 0.2 },
      metrics: [
        { key: "successPct", label: "success %", digits: 2 },
        { key: "requestsPerCall", label: "requests per call", digits: 3 },
        { key: "p99Ms", label: "p99 ms", ratio: true },
      ],
      results,
    };
  },
};
