/**
 * The report's reading, built from constructed results: every sentence must say what the numbers say,
 * where smithy-resilience is below the SDK too, and with the run's own --calls.
 */

import { emptyRecords } from "../../demo/metrics";
import { headlines } from "../../demo/headlines";
import { happened, readRun, verdict, type PhaseReading } from "../../demo/reading";
import { buildReportHtml } from "../../demo/report/html";
import { escapeXml } from "../../demo/report/svg";
import { breakerChanges, demoResults, row } from "./resultsFixture";

/**
 * The figures of `npm run demo` with its defaults (seed 1, 60 calls) before the breaker let a probe a second
 * through, with the outage's refusals and probes told apart: the library below the SDK on success.
 */
function defaultRun() {
  return demoResults({
    calls: 60,
    phases: {
      healthy: { sdk: { latencyMs: { p50: 15.6, p99: 71.6 } }, lib: { latencyMs: { p50: 14.6, p99: 67.3 } } },
      flaky: {
        sdk: { successes: 178, requests: 225, retriesByClass: { TRANSIENT: 45 }, giveUpsByReason: { "max-attempts": 2 } },
        lib: { successes: 178, requests: 225, retriesByClass: { TRANSIENT: 45 }, giveUpsByReason: { "max-attempts": 2 } },
      },
      throttled: {
        sdk: { requests: 220, retriesByClass: { THROTTLING: 40 }, attemptsByStatus: { "200": 180, "429": 40 }, latencyMs: { p50: 15, p99: 988 } },
        lib: {
          requests: 194,
          retriesByClass: { THROTTLING: 14 },
          attemptsByStatus: { "200": 180, "429": 14 },
          latencyMs: { p50: 131, p99: 493 },
          pacing: { calls: 114, totalMs: 14_149, unpacedLatencyMs: { p50: 14.3, p99: 415.6 } },
        },
      },
      outage: {
        sdk: { successes: 0, requests: 370, retriesByClass: { TRANSIENT: 190 }, giveUpsByReason: { "max-attempts": 94, "retry-budget": 86 }, latencyMs: { p50: 62.4, p99: 304 } },
        lib: {
          successes: 0,
          requests: 83,
          retriesByClass: { TRANSIENT: 38 },
          // 155 refused unsent; 6 probes sent while open, failed and not retried.
          refused: 155,
          giveUpsByReason: { "circuit-open": 161, "max-attempts": 19 },
          latencyMs: { p50: 0.6, p99: 363.7 },
          pacing: { calls: 19, totalMs: 2_935, unpacedLatencyMs: { p50: 0.6, p99: 163 } },
        },
      },
      recovery: {
        sdk: { latencyMs: { p50: 12.4, p99: 33.8 } },
        lib: { successes: 177, requests: 177, giveUpsByReason: { "circuit-open": 3 }, latencyMs: { p50: 13.2, p99: 36.8 } },
      },
      "bad-requests": {
        sdk: { successes: 0, giveUpsByReason: { "non-retryable": 180 }, latencyMs: { p50: 12.2, p99: 19.7 } },
        lib: {
          successes: 0,
          giveUpsByReason: { "non-retryable": 180 },
          latencyMs: { p50: 13.8, p99: 139.8 },
          pacing: { calls: 15, totalMs: 1_184, unpacedLatencyMs: { p50: 13.3, p99: 29.9 } },
        },
      },
    },
    all: { sdk: { p50: 15, p99: 605 }, lib: { p50: 14.6, p99: 356 }, libUnpaced: { p50: 13.5, p99: 174 } },
    circuitChanges: (["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"] as const).flatMap((service) => [
      ...breakerChanges(service, "outage", "closed", "open"),
      ...breakerChanges(service, "recovery", "open", "half-open", "closed"),
    ]),
    libByService: { recovery: [1, 1, 1].map((refused) => ({ successes: 60 - refused, requests: 60 - refused, giveUpsByReason: { "circuit-open": refused } })) },
  });
}

const phase = (reading: ReturnType<typeof readRun>, name: PhaseReading["phase"]) => reading.phases.find((p) => p.phase === name) as PhaseReading;

describe("the reading of the default run", () => {
  const reading = readRun(defaultRun());

  test("the top cards: why the library completed fewer calls, where it saved requests, and what its pacing cost", () => {
    expect(reading.overall).toEqual([
      "Over the whole run smithy-resilience completed 715 of 1080 calls (66.2%), the SDK 718 (66.5%).",
      "It completed fewer calls than the SDK in the recovery phase (3 fewer, refused by the circuit breaker).",
      "It sent 316 fewer requests (1039 against 1355, 0.96 per call against 1.25), in the outage phase (287 fewer), " +
        "the throttled phase (26 fewer) and the recovery phase (3 fewer).",
      "Its rate limiter held 148 calls back before sending, 18.3 s in all (14.1 s in the throttled phase, 2.9 s in the " +
        "outage phase and 1.2 s in the bad-requests phase). In the throttled phase that wait is how it was throttled less " +
        "(14 requests against the SDK's 40); in the outage phase and the bad-requests phase, where the service throttled " +
        "no one, it was still pacing at the rate it had learned: a wait that bought nothing.",
      "The SDK's calls were slower (605 ms against 356 ms at p99): they waited out a backoff before each retry.",
    ]);
  });

  test("recovery, where the library is below the SDK: the breaker held the first call of each service", () => {
    expect(phase(reading, "recovery")).toEqual({
      phase: "recovery",
      happened: "The service was back and answered every request, for 1 min of service time (the same time-lapse).",
      verdict: "The SDK did better: 180 of its 180 calls succeeded (100.0%), 177 (98.3%) with smithy-resilience.",
      why: [
        "smithy-resilience's circuit breakers were still open from the outage phase when this one began: they refused 3 " +
          "calls without sending them, the first call of each service (1 s of service time), until a trial request " +
          "succeeded and closed them.",
        "Those refusals are the 3 calls smithy-resilience lost against the SDK, which has no breaker and sent them.",
      ],
    });
  });

  test("throttled: fewer requests, paid for in latency that the pacing accounts for", () => {
    expect(phase(reading, "throttled")).toEqual({
      phase: "throttled",
      happened:
        "The service accepted 6 requests a second per service, fewer than the 8 calls a second each worker sent, and " +
        "answered the rest with a 429 (too many requests).",
      verdict:
        "smithy-resilience did better: with both, all 180 calls succeeded, and it sent 26 fewer requests (194 against " +
        "220, 1.08 per call against 1.22).",
      why: [
        "The service throttled 40 of the SDK's requests and 14 of smithy-resilience's: its rate limiter learned the " +
          "capacity from the 429s and held 114 calls back before sending, 14.1 s in all.",
        "The SDK retried 40 times, smithy-resilience 14 times.",
        "The cost: smithy-resilience's calls were slower (131 ms against 15 ms at p50), because they waited for its rate " +
          "limiter: without that wait they took 14 ms at p50.",
        "The SDK's calls were slower (988 ms against 493 ms at p99): they waited out a backoff before each retry.",
      ],
    });
  });

  test("outage: the breaker opened, failed fast and tried the service now and then; the SDK spent its budget", () => {
    expect(phase(reading, "outage")).toEqual({
      phase: "outage",
      happened: "The service failed every request with a 500 for 1 min of service time (a time-lapse: each call stands for 1 s).",
      verdict:
        "smithy-resilience did better: with both, all 180 calls failed, and it sent 287 fewer requests (83 against 370, " +
        "0.46 per call against 2.06).",
      why: [
        "smithy-resilience's circuit breakers opened once request after request had failed, and from then on refused " +
          "calls without sending them: 155 of its 180 calls, so its median call failed in 0.6 ms against the SDK's 62 ms.",
        "While open, each breaker let one call a second through as a probe, to see whether the service was back: 6 " +
          "probes failed and were not retried.",
        "smithy-resilience's rate limiter was still pacing at the rate it learned from the 429s of the throttled phase: " +
          "it held 19 calls back before sending, 2.9 s in all, though the service throttled no one here.",
        "The SDK retried 190 times, smithy-resilience 38 times.",
        "The SDK's retry budget ran out: 86 calls failed without the retries they had left.",
      ],
    });
  });

  test("bad requests: even, except a p99 the lingering pacing explains", () => {
    expect(phase(reading, "bad-requests").verdict).toBe("Even: with both, all 180 calls failed, for the same 180 requests.");
    expect(phase(reading, "bad-requests").why).toEqual([
      "smithy-resilience's rate limiter was still pacing at the rate it learned from the 429s of the throttled phase: it " +
        "held 15 calls back before sending, 1.2 s in all, though the service throttled no one here.",
      "Neither retried: both took the error as not worth retrying and gave up at once.",
      "The cost: smithy-resilience's calls were slower (140 ms against 20 ms at p99), because they waited for its rate " +
        "limiter: without that wait they took 30 ms at p99.",
    ]);
  });

  test("healthy and flaky: even", () => {
    expect(phase(reading, "healthy")).toMatchObject({
      verdict: "Even: with both, all 180 calls succeeded, for the same 180 requests.",
      why: ["Nothing to retry: both sent one request per call."],
    });
    expect(phase(reading, "flaky")).toMatchObject({
      verdict: "Even: with both, 178 of 180 calls succeeded (98.9%), for the same 225 requests.",
      why: ["Both retried 45 times."],
    });
  });

  test("the report carries the headlines and every phase's reading, escaped", () => {
    const results = defaultRun();
    const html = buildReportHtml(results, emptyRecords());
    const lines = headlines(results.summary);
    expect(lines[0]).toBe(
      "Throttled: smithy-resilience 1.08 requests per call (SDK 1.22), 14 retries (SDK 40), 131 ms at p50 (SDK 15 ms), 493 ms at p99 (SDK 988 ms).",
    );
    for (const text of [...lines, ...reading.overall, ...reading.phases.flatMap((p) => [p.happened, p.verdict, ...p.why])]) {
      expect(html).toContain(escapeXml(text));
    }
    expect(html.match(/data-phase-reading="/g)).toHaveLength(6);
  });
});

describe("a run with --calls 12 and two phases", () => {
  const results = demoResults({
    calls: 12,
    phases: {
      outage: {
        sdk: { successes: 0, requests: 72, retriesByClass: { TRANSIENT: 36 }, giveUpsByReason: { "max-attempts": 36 } },
        lib: { successes: 0, requests: 9, retriesByClass: { TRANSIENT: 6 }, giveUpsByReason: { "circuit-open": 33, "max-attempts": 3 }, latencyMs: { p50: 0.4, p99: 40 } },
      },
      recovery: { lib: { successes: 30, requests: 30, giveUpsByReason: { "circuit-open": 6 } } },
    },
    circuitChanges: (["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"] as const).flatMap((service) => [
      ...breakerChanges(service, "outage", "closed", "open"),
      ...breakerChanges(service, "recovery", "open", "half-open", "closed"),
    ]),
    libByService: { recovery: [2, 2, 2].map((refused) => ({ successes: 12 - refused, requests: 12 - refused, giveUpsByReason: { "circuit-open": refused } })) },
  });
  const reading = readRun(results);

  test("the time-lapse phases last this run's calls, not a minute", () => {
    expect(phase(reading, "outage").happened).toBe(
      "The service failed every request with a 500 for 12 s of service time (a time-lapse: each call stands for 1 s).",
    );
    expect(phase(reading, "recovery").happened).toBe(
      "The service was back and answered every request, for 12 s of service time (the same time-lapse).",
    );
    expect(results.notes.workload).toContain("so this run's 12 calls per phase are 12 s of outage and 12 s of recovery.");
  });

  test("the breaker's hold in the recovery is counted in this run's calls and seconds", () => {
    expect(phase(reading, "recovery").why).toEqual([
      "smithy-resilience's circuit breakers were still open from the outage phase when this one began: they refused 6 " +
        "calls without sending them, the first 2 calls of each service (2 s of service time), until a trial request " +
        "succeeded and closed them.",
      "Those refusals are the 6 calls smithy-resilience lost against the SDK, which has no breaker and sent them.",
    ]);
    expect(reading.overall.slice(0, 2)).toEqual([
      "Over the whole run smithy-resilience completed 30 of 72 calls (41.7%), the SDK 36 (50.0%).",
      "It completed fewer calls than the SDK in the recovery phase (6 fewer, refused by the circuit breaker).",
    ]);
  });
});

describe("breakers and losses in other shapes", () => {
  test("a loss with other give-ups is listed by reason", () => {
    const results = demoResults({
      calls: 60,
      phases: { flaky: { sdk: { successes: 178, giveUpsByReason: { "max-attempts": 2 } }, lib: { successes: 175, giveUpsByReason: { "max-attempts": 3, "retry-budget": 2 } } } },
    });
    expect(phase(readRun(results), "flaky").why[0]).toBe(
      "smithy-resilience completed 3 calls fewer than the SDK, with more give-ups: 1 failed on every attempt allowed and 2 not retried once the retry budget ran out.",
    );
    expect(readRun(results).overall[1]).toBe("It completed fewer calls than the SDK in the flaky phase (3 fewer, not retried once the retry budget ran out).");
  });

  test("breakers open at the start that refuse nothing, and breakers that open without refusing", () => {
    const services = ["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"] as const;
    const results = demoResults({
      calls: 10,
      phases: { outage: { sdk: { successes: 0 }, lib: { successes: 0 } }, recovery: {}, flaky: {} },
      circuitChanges: [
        ...services.flatMap((service) => breakerChanges(service, "outage", "closed", "open")),
        ...services.flatMap((service) => breakerChanges(service, "recovery", "open", "half-open", "closed")),
        ...breakerChanges("Pinpoint", "flaky", "closed", "open", "half-open", "closed"),
      ],
    });
    const reading = readRun(results);
    expect(phase(reading, "recovery").why).toEqual([
      "smithy-resilience's circuit breakers were still open from the outage phase when this one began, but the first request " +
        "of the phase went through as a trial and closed them: no call was refused.",
      "Nothing to retry: both sent one request per call.",
    ]);
    expect(phase(reading, "flaky").why[0]).toBe("smithy-resilience's circuit breakers changed state 3 times but refused no call.");
  });

  test("breakers open while calls come no faster than their probes: each call a probe, none refused", () => {
    const services = ["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"] as const;
    const results = demoResults({
      calls: 60,
      phases: {
        outage: {
          sdk: { successes: 0, requests: 370, retriesByClass: { TRANSIENT: 190 }, giveUpsByReason: { "max-attempts": 94, "retry-budget": 86 } },
          lib: { successes: 0, requests: 279, refused: 0, retriesByClass: { TRANSIENT: 105 }, giveUpsByReason: { "max-attempts": 51, "retry-budget": 66, "circuit-open": 63 } },
        },
      },
      circuitChanges: services.flatMap((service) => breakerChanges(service, "outage", "closed", "open")),
    });
    expect(phase(readRun(results), "outage").why.slice(0, 2)).toEqual([
      "smithy-resilience's circuit breakers opened once request after request had failed, but refused no call: calls came no faster than the probes they let through.",
      "While open, each breaker let one call a second through as a probe, to see whether the service was back: 63 probes failed and were not retried.",
    ]);
  });
});

describe("latency costs are explained by what the counts show", () => {
  const sdk = row("flaky", "sdk-standard", 180, { latencyMs: { p50: 15, p99: 60 }, retriesByClass: { TRANSIENT: 40 } });

  test("more retries: their backoffs", () => {
    const results = demoResults({ calls: 60, phases: { flaky: { sdk: { latencyMs: { p50: 15, p99: 60 }, retriesByClass: { TRANSIENT: 40 }, requests: 220 }, lib: { latencyMs: { p50: 15, p99: 150 }, retriesByClass: { TRANSIENT: 50 }, requests: 230 } } } });
    expect(phase(readRun(results), "flaky").why).toContain(
      "The cost: smithy-resilience's calls were slower (150 ms against 60 ms at p99), because it retried more, and every retry waits out a backoff.",
    );
  });

  test("nothing in the counts: said to be measurement, not blamed on pacing", () => {
    const results = demoResults({ calls: 60, phases: { healthy: { sdk: { latencyMs: { p50: 15, p99: 30 } }, lib: { latencyMs: { p50: 15, p99: 90 } } } } });
    expect(phase(readRun(results), "healthy").why).toContain(
      "The cost: smithy-resilience's calls were slower (90 ms against 30 ms at p99), and nothing in the run's counts " +
        "explains it: it is measured wall-clock time, which varies with the machine's load (both variants share it).",
    );
  });

  test("pacing that does not account for most of the gap is not named as the cause", () => {
    const lib = { latencyMs: { p50: 15, p99: 150 }, pacing: { calls: 2, totalMs: 30, unpacedLatencyMs: { p50: 15, p99: 140 } } };
    const results = demoResults({ calls: 60, phases: { healthy: { sdk: { latencyMs: { p50: 15, p99: 30 } }, lib } } });
    expect(phase(readRun(results), "healthy").why.join(" ")).toContain("nothing in the run's counts explains it");
  });

  test("the verdict weighs calls first, then requests", () => {
    const lib = (figures: Parameters<typeof row>[3]) => row("flaky", "smithy-resilience", 180, figures);
    expect(verdict({ sdk, lib: lib({ successes: 179, requests: 100 }) })).toBe(
      "The SDK did better: 180 of its 180 calls succeeded (100.0%), 179 (99.4%) with smithy-resilience.",
    );
    expect(verdict({ sdk: row("flaky", "sdk-standard", 180, { successes: 170 }), lib: lib({ successes: 175 }) })).toBe(
      "smithy-resilience did better: 175 of its 180 calls succeeded (97.2%), 170 (94.4%) with the SDK.",
    );
    expect(verdict({ sdk, lib: lib({ requests: 200 }) })).toBe(
      "The SDK did better: with both, all 180 calls succeeded, and it sent 20 fewer requests (180 against 200, 1.00 per call against 1.11).",
    );
  });
});

test("what happened in each phase follows the run's options", () => {
  const options = demoResults({ calls: 150, phases: { outage: {} } }).options;
  expect(happened("outage", options)).toBe("The service failed every request with a 500 for 2 min 30 s of service time (a time-lapse: each call stands for 1 s).");
  expect(happened("flaky", options)).toBe("The service failed 20% of requests at random with a 500, an error a retry usually gets past.");
});
