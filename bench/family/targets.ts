/**
 * Issue 12's targets, as pure checks of a cell's figures. The subject is smithy-resilience's defaults;
 * the baseline is the SDK's standard mode, which met the same faults on the same calls.
 */
import type { StackMetrics } from "./metrics";

/** Which target a check is: every cell has "no-harm", some cells one or two more. */
export type TargetKind = "no-harm" | "dead" | "heal" | "quota" | "quota-step";

export const TARGET_KINDS: readonly TargetKind[] = ["no-harm", "dead", "heal", "quota", "quota-step"];

/** Every cell: the subject's success may trail the baseline's by at most this many points (paired). */
export const NO_HARM_SUCCESS_POINTS = 0.5;
/** Every cell where the baseline completes 100%: time to finish at most this multiple of the baseline's. */
export const NO_HARM_FINISH_RATIO = 1.2;
/** A dead service is detected within this time of its death, ms: the dead-service window starts there. */
export const DEAD_DETECTION_MS = 2000;
/** Once a dead service is detected: at most this many requests per call. */
export const DEAD_REQUESTS_PER_CALL = 0.02;
/** Once detected: median time to fail below this, ms. */
export const DEAD_FAIL_P50_MS = 1;
/** The first success at most this long after the service heals, ms. */
export const HEAL_FIRST_SUCCESS_MS = 1000;
/** Every call scheduled this long after the heal succeeds, ms. */
export const HEAL_FULL_SUCCESS_AFTER_MS = 2000;
/** A steady quota: goodput at least this share of the quota (and every call succeeds). */
export const QUOTA_GOODPUT_SHARE = 0.95;
/** A quota that moves: goodput at least this share of the optimum for that quota and those arrivals. */
export const QUOTA_STEP_OPTIMUM_SHARE = 0.9;

/** The outcome of one target in one cell. */
export interface TargetCheck {
  kind: TargetKind;
  pass: boolean;
  /** What was compared, e.g. "success 98.20% ≥ 99.10% − 0.5". */
  detail: string;
}

/** What the checks need of a cell besides the stacks' figures. */
export interface TargetParams {
  /** The steady quota, requests/s ("quota"). */
  quotaRps?: number;
  /** The best goodput any client could reach against that quota timeline and those arrivals ("quota-step"). */
  optimumGoodput?: number;
}

const pct = (value: number | null | undefined) => (value === null || value === undefined ? "n/a" : `${value.toFixed(2)}%`);
const num = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? "n/a" : value.toFixed(digits));

/** Success ≥ the baseline's − 0.5 points; where the baseline completes 100%, finish ≤ 1.2× the baseline's. */
export function checkNoHarm(subject: StackMetrics, baseline: StackMetrics): TargetCheck {
  const successOk = subject.successPct >= baseline.successPct - NO_HARM_SUCCESS_POINTS;
  const parts = [`success ${pct(subject.successPct)} ${successOk ? "≥" : "<"} ${pct(baseline.successPct)} − ${NO_HARM_SUCCESS_POINTS}`];
  let finishOk = true;
  if (baseline.successPct === 100) {
    const limit = NO_HARM_FINISH_RATIO * baseline.finishMs;
    finishOk = subject.finishMs <= limit;
    parts.push(`finish ${(subject.finishMs / 1000).toFixed(2)} s ${finishOk ? "≤" : ">"} ${NO_HARM_FINISH_RATIO} × ${(baseline.finishMs / 1000).toFixed(2)} s`);
  }
  // An outage that heals: a stack held to the dead target sends at most one probe per 1 / 0.02 = 50 calls
  // while dead, so on average 1 / (2 × 0.02) = 25 calls arrive between the heal and the next probe and are
  // refused, whatever the rate. Shown beside the check: below 5000 calls they are more than 0.5 points.
  if (subject.heal && subject.calls > 0) {
    const floor = 1 / (2 * DEAD_REQUESTS_PER_CALL);
    parts.push(`the dead target's floor: ~${floor} calls refused after healing = ${((100 * floor) / subject.calls).toFixed(2)} points of ${subject.calls} calls`);
  }
  return { kind: "no-harm", pass: successOk && finishOk, detail: parts.join("; ") };
}

/** Calls once the service is known dead: ≤ 0.02 requests per call, median time to fail < 1 ms. */
export function checkDead(subject: StackMetrics): TargetCheck {
  const dead = subject.dead;
  if (!dead || dead.calls === 0) return { kind: "dead", pass: false, detail: "no call in the dead-service window" };
  const requestsOk = dead.requestsPerCall <= DEAD_REQUESTS_PER_CALL;
  // Every call may succeed (nothing failed): then there is no time to fail to hold against the target.
  const failOk = dead.failP50Ms === null || dead.failP50Ms < DEAD_FAIL_P50_MS;
  return {
    kind: "dead",
    pass: requestsOk && failOk,
    detail: `${num(dead.requestsPerCall, 3)} requests/call ${requestsOk ? "≤" : ">"} ${DEAD_REQUESTS_PER_CALL}; fail p50 ${num(dead.failP50Ms, 2)} ms ${failOk ? "<" : "≥"} ${DEAD_FAIL_P50_MS} ms`,
  };
}

/** The first success within 1 s of healing, and every call from 2 s after it succeeds. */
export function checkHeal(subject: StackMetrics): TargetCheck {
  const heal = subject.heal;
  if (!heal) return { kind: "heal", pass: false, detail: "no heal measured" };
  const firstOk = heal.firstSuccessMs !== null && heal.firstSuccessMs <= HEAL_FIRST_SUCCESS_MS;
  const fullOk = heal.calls > 0 && heal.successPct === 100;
  return {
    kind: "heal",
    pass: firstOk && fullOk,
    detail: `first success ${heal.firstSuccessMs === null ? "never" : `${num(heal.firstSuccessMs, 0)} ms`} after healing ${firstOk ? "≤" : ">"} ${HEAL_FIRST_SUCCESS_MS} ms; ${pct(heal.successPct)} success from ${HEAL_FULL_SUCCESS_AFTER_MS / 1000} s after`,
  };
}

/** A steady quota: every call succeeds and goodput ≥ 95% of the quota. */
export function checkQuota(subject: StackMetrics, quotaRps: number): TargetCheck {
  const share = (subject.goodput ?? 0) / quotaRps;
  const successOk = subject.successPct === 100;
  const goodputOk = share >= QUOTA_GOODPUT_SHARE;
  return {
    kind: "quota",
    pass: successOk && goodputOk,
    detail: `success ${pct(subject.successPct)}${successOk ? "" : " < 100%"}; goodput ${num(subject.goodput)}/s = ${(100 * share).toFixed(1)}% of ${quotaRps}/s ${goodputOk ? "≥" : "<"} ${100 * QUOTA_GOODPUT_SHARE}%`,
  };
}

/** A quota that moves: goodput ≥ 90% of the optimum. */
export function checkQuotaStep(subject: StackMetrics, optimumGoodput: number): TargetCheck {
  const share = (subject.goodput ?? 0) / optimumGoodput;
  const pass = share >= QUOTA_STEP_OPTIMUM_SHARE;
  return {
    kind: "quota-step",
    pass,
    detail: `goodput ${num(subject.goodput)}/s = ${(100 * share).toFixed(1)}% of the optimum ${num(optimumGoodput)}/s ${pass ? "≥" : "<"} ${100 * QUOTA_STEP_OPTIMUM_SHARE}%`,
  };
}

/** The checks of one cell: "no-harm" first, then `targets` in order. */
export function checkCell(targets: readonly TargetKind[], params: TargetParams, subject: StackMetrics, baseline: StackMetrics): TargetCheck[] {
  const checks = [checkNoHarm(subject, baseline)];
  for (const kind of targets) {
    if (kind === "dead") checks.push(checkDead(subject));
    else if (kind === "heal") checks.push(checkHeal(subject));
    else if (kind === "quota") checks.push(checkQuota(subject, params.quotaRps ?? NaN));
    else if (kind === "quota-step") checks.push(checkQuotaStep(subject, params.optimumGoodput ?? NaN));
  }
  return checks;
}

/** A capacity rule in force from `atMs`: the emulator's token bucket (a phase change refills it). */
export interface CapacityStep {
  atMs: number;
  /** Requests/s; undefined: no quota. */
  requestsPerSecond?: number;
  /** Tokens of a full bucket. Default: the emulator's, max(1, ceil(rate / 10)). */
  burst?: number;
}

/**
 * The best a client can do against a quota timeline: each call sent as soon as it has arrived and the
 * server's bucket holds a token, in 1 ms steps, plus `latencyMs` for the last answer. Returns the time
 * the last call ends, ms, and the goodput that gives (calls/s).
 */
export function optimumFinish(arrivalsMs: readonly number[], steps: readonly CapacityStep[], latencyMs = 0): { finishMs: number; goodput: number } {
  if (arrivalsMs.length === 0) return { finishMs: 0, goodput: 0 };
  const sorted = [...steps].sort((a, b) => a.atMs - b.atMs);
  const burstOf = (step: CapacityStep | undefined) =>
    step?.requestsPerSecond === undefined ? Infinity : (step.burst ?? Math.max(1, Math.ceil(step.requestsPerSecond / 10)));
  let stepIndex = -1;
  let tokens = 0;
  let next = 0;
  let lastServed = 0;
  for (let t = 0; next < arrivalsMs.length; t++) {
    while (stepIndex + 1 < sorted.length && sorted[stepIndex + 1].atMs <= t) {
      stepIndex++;
      tokens = burstOf(sorted[stepIndex]);
    }
    const step = stepIndex >= 0 ? sorted[stepIndex] : undefined;
    const rate = step?.requestsPerSecond;
    if (rate === undefined) tokens = Infinity;
    else if (t > 0 && sorted[stepIndex].atMs !== t) tokens = Math.min(burstOf(step), tokens + rate / 1000);
    while (next < arrivalsMs.length && arrivalsMs[next] <= t && tokens >= 1) {
      tokens -= 1;
      next++;
      lastServed = Math.max(t, 0);
    }
  }
  const finishMs = lastServed + latencyMs;
  return { finishMs, goodput: finishMs > 0 ? (1000 * arrivalsMs.length) / finishMs : Infinity };
}
