/**
 * The phases of the demo workload: each is a set of emulator fault rules, switched with `setFaults` at
 * the phase boundary (timed outage windows would make the phases depend on machine speed).
 * @packageDocumentation
 */

import type { FaultRules } from "../src/testing";
import { formatDuration } from "./prose";

/** Every phase, in the default order. */
export const PHASE_NAMES = ["healthy", "flaky", "throttled", "outage", "recovery", "bad-requests"] as const;

/** A phase's name, as given to `--phases`. */
export type PhaseName = (typeof PHASE_NAMES)[number];

/** One phase of the workload. */
export interface Phase {
  readonly name: PhaseName;
  /** What the service does during the phase, for the table and the report. */
  readonly description: string;
  readonly faults: FaultRules;
  /** Service time (virtual clock) one call interval stands for, ms. */
  readonly serviceMsPerCall: number;
}

/** Service time of every response: a few ms, seeded jitter, so latency percentiles have a shape. */
export const SERVICE_LATENCY = { ms: 6, jitterMs: 8 } as const;

/**
 * What one attempt costs on the emulator's virtual clock, ms: the mean service time plus the client's own
 * overhead. Close to the real figure, so virtual and wall-clock time stay near each other.
 */
export const NOMINAL_ATTEMPT_MS = 15;

/**
 * One worker per service sends a message every this many ms of wall-clock time, or at once when it is
 * running late (a queue drained at a steady rate).
 */
export const CALL_INTERVAL_MS = 125;

/**
 * The service time one call interval stands for during the outage and the recovery, ms. Those phases are a
 * time-lapse: the default 60 calls cover a minute of service time, as real outages and recoveries last minutes, while
 * the breaker keeps its real timings (one probe a second while open). The other phases run in real time.
 */
export const TIME_LAPSE_MS_PER_CALL = 1000;

/** How the time-lapse phases' descriptions say it. */
const TIME_LAPSE = `time-lapse: each call stands for ${formatDuration(TIME_LAPSE_MS_PER_CALL)} of service time`;

/** Capacity of each service during the throttled phase: below the worker's steady rate. */
export const THROTTLED_CAPACITY = { requestsPerSecond: 6, burst: 6 } as const;

/** Share of requests answered with a 500 during the flaky phase. */
export const FLAKY_RATE = 0.2;

/** The phases by name. Fault statuses map to each service's own modeled error (see the emulator). */
export const PHASES: Readonly<Record<PhaseName, Phase>> = {
  healthy: { name: "healthy", description: "every request succeeds", faults: { latency: SERVICE_LATENCY }, serviceMsPerCall: CALL_INTERVAL_MS },
  flaky: {
    name: "flaky",
    description: `${FLAKY_RATE * 100}% of requests fail with a 500 (InternalServerError / InternalServiceError)`,
    faults: { latency: SERVICE_LATENCY, rates: [{ rate: FLAKY_RATE, fault: 500 }] },
    serviceMsPerCall: CALL_INTERVAL_MS,
  },
  throttled: {
    name: "throttled",
    description: `capacity ${THROTTLED_CAPACITY.requestsPerSecond} req/s per service, 429 (TooManyRequests / Throttling) beyond`,
    faults: { latency: SERVICE_LATENCY, capacity: THROTTLED_CAPACITY },
    serviceMsPerCall: CALL_INTERVAL_MS,
  },
  outage: {
    name: "outage",
    description: `the service is down (${TIME_LAPSE}): every request fails with a 500`,
    faults: { latency: SERVICE_LATENCY, outages: [{ fromMs: 0, toMs: Number.POSITIVE_INFINITY, fault: 500 }] },
    serviceMsPerCall: TIME_LAPSE_MS_PER_CALL,
  },
  recovery: {
    name: "recovery",
    description: `the service is back (${TIME_LAPSE}): every request succeeds`,
    faults: { latency: SERVICE_LATENCY },
    serviceMsPerCall: TIME_LAPSE_MS_PER_CALL,
  },
  "bad-requests": {
    name: "bad-requests",
    description: "every request is rejected with a 400 (BadRequest / Validation)",
    faults: { latency: SERVICE_LATENCY, rates: [{ rate: 1, fault: 400 }] },
    serviceMsPerCall: CALL_INTERVAL_MS,
  },
};
