/**
 * The fault rule engine: decides, per request, whether it fails, how, and how late it is answered.
 * @packageDocumentation
 */

import { MAX_TIMER_DELAY_MS } from "../timerLimit";
import { createSeededRandom } from "./random";
import type { EmulatorService, FaultResponse, FaultRules, Match, ScriptStep } from "./types";

/** The request a decision is about. */
export interface RequestKey {
  service: EmulatorService;
  operation: string;
  /** The SDK's `amz-sdk-invocation-id`: one per call, the same on each attempt. */
  invocationId?: string;
  /** The attempt number from `amz-sdk-request: attempt=N`, 1-based. */
  attempt?: number;
}

/** The outcome chosen for one request. */
export interface Verdict {
  /** The fault to answer with; undefined for a normal success. */
  fault?: FaultResponse;
  /** How long to wait before answering, in ms. */
  delayMs: number;
}

/** The answer of an empty capacity bucket; the status maps to the service's native throttling error. */
const THROTTLED: FaultResponse = { status: 429, message: "Rate exceeded" };

/** Evaluates one set of {@link FaultRules}. Create a new engine to restart scripts, clocks and counters. */
export class FaultEngine {
  private readonly startedAt: number;
  private readonly scriptPositions: number[];
  private readonly buckets = new Map<EmulatorService, { tokens: number; updatedAt: number }>();
  private readonly addressSightings = new Map<string, number>();
  /** Call numbers by invocation id, for `randomBy: "call"`. */
  private readonly callNumbers = new Map<string, number>();
  // One stream per concern, so that adding latency jitter does not shift which requests fail.
  private readonly faultRandom: () => number;
  private readonly jitterRandom: () => number;
  private readonly deliveryRandom: () => number;
  private readonly seed: number;

  constructor(
    private readonly rules: FaultRules,
    seed: number,
    private readonly now: () => number,
  ) {
    this.seed = seed;
    this.startedAt = now();
    this.scriptPositions = (rules.scripts ?? []).map(() => 0);
    this.faultRandom = createSeededRandom(seed);
    this.jitterRandom = createSeededRandom(seed ^ 0x5bd1e995);
    this.deliveryRandom = createSeededRandom(seed ^ 0x27d4eb2f);
  }

  /** Chooses the outcome of a request: scripts, then outages, then capacity, then rates. */
  decide(request: RequestKey): Verdict {
    const scripted = this.scriptedStep(request);
    const fault =
      scripted === "ok"
        ? undefined
        : (scripted ?? this.outageFault(request) ?? this.capacityFault(request) ?? this.randomFault(request));
    // Each part is within the timer range, their sum may not be; past it a timer fires after 1 ms.
    return { fault, delayMs: Math.min(MAX_TIMER_DELAY_MS, this.latency(request) + (fault?.latencyMs ?? 0)) };
  }

  /** The DeliveryStatus of one address of a SendMessages/SendUsersMessages success. */
  deliveryStatus(address: string): string {
    const rule = this.rules.deliveryStatus;
    const script = rule?.byAddress?.[address];
    if (script) {
      const seen = this.addressSightings.get(address) ?? 0;
      this.addressSightings.set(address, seen + 1);
      if (seen < script.length) return script[seen];
    }
    if (rule?.rate !== undefined && this.deliveryRandom() < rule.rate) return rule.status ?? "THROTTLED";
    return "SUCCESSFUL";
  }

  // Every script counts every request it matches, so a script's position never depends on other scripts.
  private scriptedStep(request: RequestKey): FaultResponse | "ok" | undefined {
    let chosen: FaultResponse | "ok" | undefined;
    (this.rules.scripts ?? []).forEach((script, index) => {
      if (!matches(script.match, request)) return;
      const position = this.scriptPositions[index]++;
      const step: ScriptStep | undefined =
        position < script.steps.length ? script.steps[position] : script.repeatLast ? script.steps.at(-1) : undefined;
      if (chosen === undefined && step !== undefined) chosen = step === "ok" ? "ok" : toFault(step);
    });
    return chosen;
  }

  private outageFault(request: RequestKey): FaultResponse | undefined {
    const elapsed = this.now() - this.startedAt;
    const outage = this.rules.outages?.find(
      (o) => elapsed >= o.fromMs && elapsed < o.toMs && matches(o.match, request),
    );
    return outage && toFault(outage.fault ?? 500);
  }

  private capacityFault(request: RequestKey): FaultResponse | undefined {
    const capacity = this.rules.capacity;
    if (!capacity || !matches(capacity.match, request)) return undefined;
    const burst = capacity.burst ?? Math.max(1, Math.ceil(capacity.requestsPerSecond / 10));
    const now = this.now();
    const bucket = this.buckets.get(request.service) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) * capacity.requestsPerSecond) / 1000);
    bucket.updatedAt = now;
    this.buckets.set(request.service, bucket);
    if (bucket.tokens < 1) return THROTTLED;
    bucket.tokens -= 1;
    return undefined;
  }

  private randomFault(request: RequestKey): FaultResponse | undefined {
    // Each matching rule draws one number, in order, until one fires.
    const draw = this.drawFor(request);
    const rule = this.rules.rates?.find((r, index) => matches(r.match, request) && draw(index) < r.rate);
    return rule && toFault(rule.fault);
  }

  /** The numbers a request draws for its rate rules (by rule index), as `randomBy` says. */
  private drawFor(request: RequestKey): (ruleIndex: number) => number {
    const { invocationId, attempt } = request;
    if (this.rules.randomBy !== "call" || invocationId === undefined || attempt === undefined) return () => this.faultRandom();
    let call = this.callNumbers.get(invocationId);
    if (call === undefined) {
      call = this.callNumbers.size;
      this.callNumbers.set(invocationId, call);
    }
    return (ruleIndex) => callAttemptRandom(this.seed, call, attempt, ruleIndex);
  }

  private latency(request: RequestKey): number {
    const latency = this.rules.latency;
    if (!latency || !matches(latency.match, request)) return 0;
    return latency.ms + (latency.jitterMs ? this.jitterRandom() * latency.jitterMs : 0);
  }
}

/** A number in [0, 1) that depends only on its four inputs: one mulberry32 draw from their mix. */
function callAttemptRandom(seed: number, call: number, attempt: number, ruleIndex: number): number {
  const mixed = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(call + 1, 0xc2b2ae35) ^ Math.imul(attempt, 0x27d4eb2f) ^ Math.imul(ruleIndex + 1, 0x165667b1);
  return createSeededRandom(mixed)();
}

function matches(match: Match | undefined, request: RequestKey): boolean {
  return (
    (match?.service === undefined || match.service === request.service) &&
    (match?.operation === undefined || match.operation === request.operation)
  );
}

function toFault(fault: FaultResponse | number): FaultResponse {
  return typeof fault === "number" ? { status: fault } : fault;
}
