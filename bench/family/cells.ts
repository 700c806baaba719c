/**
 * The cells of the scenario family (issue 12): each a traffic shape (an open-loop schedule), a fault
 * timeline and the targets it is held to. Every stack runs every cell against its own emulator, armed
 * with the same seed and the same phases.
 */
import type { FaultRules } from "../../src/testing";
import type { BenchService } from "../variants";
import type { FaultPhase } from "./emulatorHost";
import type { ScheduleSpec } from "./schedule";
import { DEAD_DETECTION_MS, HEAL_FULL_SUCCESS_AFTER_MS } from "./targets";
import type { TargetKind } from "./targets";

/** One cell: a row of the table. */
export interface CellSpec {
  /** Used by `--cells` and as the key in the JSON, e.g. "faults-pinpoint-20". */
  name: string;
  /** Shown in the table, e.g. "Pinpoint, 20% 500s". */
  title: string;
  group: "faults" | "outage" | "quota" | "quota-step" | "burst" | "spike";
  service: BenchService;
  /** The arrival schedule, without its seed (derived from the run's seed and the cell's name). */
  schedule: Omit<ScheduleSpec, "seed">;
  /** The fault rules over time; the family's latency rule is added to each. */
  phases: FaultPhase[];
  /** The targets, besides "no-harm" which every cell has. */
  targets: TargetKind[];
  /** Time to finish counts from here, ms: the burst or spike the cell is about. Default 0. */
  focusFromMs?: number;
  /** The dead-service window: calls scheduled in it are held to the dead-service target. */
  deadWindow?: { fromMs: number; toMs: number };
  /** When the outage heals, ms. */
  healAtMs?: number;
  /** In the `--quick` subset. */
  quick?: boolean;
  /** The counts and settings, for the report. */
  params: Record<string, number | string>;
}

/** Every response of the cell's operation waits 10 to 20 ms, as a service across a network does. */
export const FAMILY_LATENCY = { ms: 10, jitterMs: 10 } as const;

/** The operation each service's bench client sends. */
export const SEND_OPERATIONS: Readonly<Record<BenchService, string>> = {
  Pinpoint: "SendMessages",
  PinpointSMSVoice: "SendVoiceMessage",
  PinpointSMSVoiceV2: "SendTextMessage",
};

/** The phases as the emulator gets them: each with the latency rule, on the cell's operation only. */
export function phasesWithLatency(cell: Pick<CellSpec, "phases" | "service">): FaultPhase[] {
  const latency: NonNullable<FaultRules["latency"]> = { ...FAMILY_LATENCY, match: { service: cell.service, operation: SEND_OPERATIONS[cell.service] } };
  return cell.phases.map((phase) => ({ atMs: phase.atMs, faults: { ...phase.faults, latency } }));
}

/** The family's fault rates, of requests answered 500. */
export const FAULT_RATES = [0, 0.05, 0.2, 0.4, 0.6, 0.8, 1] as const;
/** Quotas of the steady-quota cells, requests/s. */
export const QUOTAS = [20, 100, 300, 1000] as const;
/** Callers of the steady-quota cells. */
export const CALLERS = [8, 64, 256] as const;
/** Steady demand, as a multiple of the quota. */
export const QUOTA_DEMAND = 1.5;

const SERVICE_NAMES: Readonly<Record<BenchService, { key: string; title: string }>> = {
  Pinpoint: { key: "pinpoint", title: "Pinpoint" },
  PinpointSMSVoice: { key: "sms-v1", title: "SMS Voice v1" },
  PinpointSMSVoiceV2: { key: "sms-v2", title: "SMS Voice v2" },
};

/** Calls per second of the fault and outage cells. */
const FAULT_CELL_RATE = 100;

function faultCell(service: BenchService, rate: number, quick: boolean): CellSpec {
  const dead = rate === 1;
  // A dead service needs time to be detected (2 s) and then to be seen dead.
  const durationMs = dead ? (quick ? 3500 : 4000) : quick ? 2000 : 4000;
  const percent = Math.round(rate * 100);
  return {
    name: `faults-${SERVICE_NAMES[service].key}-${percent}`,
    title: `${SERVICE_NAMES[service].title}, ${percent}% 500s`,
    group: "faults",
    service,
    schedule: { process: "poisson", segments: [{ durationMs, ratePerSecond: FAULT_CELL_RATE }] },
    phases: [{ atMs: 0, faults: rate > 0 ? { rates: [{ rate, fault: 500 }], randomBy: "call" } : {} }],
    targets: dead ? ["dead"] : [],
    deadWindow: dead ? { fromMs: DEAD_DETECTION_MS, toMs: durationMs } : undefined,
    quick: service === "Pinpoint" ? [0, 0.2, 0.6, 1].includes(rate) : rate === 0.4,
    params: { ratePerSecond: FAULT_CELL_RATE, durationMs, faultRate: rate },
  };
}

function outageCell(quick: boolean): CellSpec {
  const [fromMs, toMs, endMs] = quick ? [500, 3500, 6000] : [1000, 5000, 8000];
  return {
    name: `outage-${(toMs - fromMs) / 1000}s`,
    title: `Pinpoint, ${(toMs - fromMs) / 1000} s outage that heals`,
    group: "outage",
    service: "Pinpoint",
    schedule: { process: "poisson", segments: [{ durationMs: endMs, ratePerSecond: FAULT_CELL_RATE }] },
    phases: [{ atMs: 0, faults: { outages: [{ fromMs, toMs, fault: 500 }] } }],
    targets: ["dead", "heal"],
    deadWindow: { fromMs: fromMs + DEAD_DETECTION_MS, toMs },
    healAtMs: toMs,
    quick: true,
    params: { ratePerSecond: FAULT_CELL_RATE, outageFromMs: fromMs, outageToMs: toMs, durationMs: endMs, fullSuccessFromMs: toMs + HEAL_FULL_SUCCESS_AFTER_MS },
  };
}

/** Demand above the quota for 3 s: the backlog drains after the last arrival, so the server stays saturated. */
function quotaCell(quota: number, callers: number): CellSpec {
  const durationMs = 3000;
  const demand = quota * QUOTA_DEMAND;
  return {
    name: `quota-${quota}x${callers}`,
    title: `quota ${quota}/s, ${callers} callers at ${demand}/s`,
    group: "quota",
    service: "Pinpoint",
    schedule: { process: "fixed", callers, segments: [{ durationMs, ratePerSecond: demand }] },
    phases: [{ atMs: 0, faults: { capacity: { requestsPerSecond: quota } } }],
    targets: ["quota"],
    // The quick subset takes the two ends of the grid.
    quick: (quota === 1000 && callers === 256) || (quota === 20 && callers === 8),
    params: { quotaRps: quota, callers, demandRps: demand, durationMs },
  };
}

function capacityPhases(steps: ReadonlyArray<[atMs: number, rps: number]>): FaultPhase[] {
  return steps.map(([atMs, requestsPerSecond]) => ({ atMs, faults: { capacity: { requestsPerSecond } } }));
}

/** Demand of the stepping cells, requests/s: above the highest quota. */
const STEP_DEMAND = 360;

function quotaDropCell(): CellSpec {
  const steps: Array<[number, number]> = [
    [0, 300],
    [2000, 100],
    [4000, 300],
  ];
  return {
    name: "quota-drop",
    title: `quota 300 → 100 → 300/s, ${STEP_DEMAND}/s`,
    group: "quota-step",
    service: "Pinpoint",
    schedule: { process: "fixed", callers: 64, segments: [{ durationMs: 6000, ratePerSecond: STEP_DEMAND }] },
    phases: capacityPhases(steps),
    targets: ["quota-step"],
    quick: true,
    params: { quotaSteps: steps.map(([at, rps]) => `${rps}@${at / 1000}s`).join(" "), demandRps: STEP_DEMAND, callers: 64, durationMs: 6000 },
  };
}

function quotaRiseCell(): CellSpec {
  const steps: Array<[number, number]> = [
    [0, 100],
    [2000, 300],
  ];
  return {
    name: "quota-rise",
    title: `quota 100 → 300/s, ${STEP_DEMAND}/s`,
    group: "quota-step",
    service: "Pinpoint",
    schedule: { process: "fixed", callers: 64, segments: [{ durationMs: 4000, ratePerSecond: STEP_DEMAND }] },
    phases: capacityPhases(steps),
    targets: ["quota-step"],
    quick: true,
    params: { quotaSteps: steps.map(([at, rps]) => `${rps}@${at / 1000}s`).join(" "), demandRps: STEP_DEMAND, callers: 64, durationMs: 4000 },
  };
}

/** A trickle meets a few 429s (drawn per call and attempt), then 300 healthy calls start at once. */
function throttlesThenBurstCell(quick: boolean): CellSpec {
  const trickleMs = quick ? 2000 : 4000;
  const burst = 300;
  return {
    name: "throttles-burst",
    title: `trickle 5/s with 20% 429s, then ${burst} at once`,
    group: "burst",
    service: "Pinpoint",
    schedule: { process: "poisson", segments: [{ durationMs: trickleMs, ratePerSecond: 5 }, { durationMs: 0, burst }] },
    // The throttles stop 100 ms before the burst, so that no burst call meets them whatever the timers do.
    phases: [
      { atMs: 0, faults: { rates: [{ rate: 0.2, fault: 429 }], randomBy: "call" } },
      { atMs: trickleMs - 100, faults: {} },
    ],
    targets: [],
    focusFromMs: trickleMs,
    quick: true,
    params: { trickleRps: 5, trickleMs, throttleRate: 0.2, burst },
  };
}

/** A steady trickle, idle (3 s; 2 s in the quick subset), then 1 s at 10× the trickle. */
function spikeCell(quota: number | undefined, quick: boolean): CellSpec {
  const base = quota === undefined ? 20 : 30;
  const [trickleMs, idleMs] = quick ? [1000, 2000] : [2000, 3000];
  const segments = [
    { durationMs: trickleMs, ratePerSecond: base },
    { durationMs: idleMs },
    { durationMs: 1000, ratePerSecond: base * 10 },
  ];
  return {
    name: quota === undefined ? "spike" : `spike-quota-${quota}`,
    title: `${base}/s, idle ${idleMs / 1000} s, then ${base * 10}/s${quota === undefined ? "" : ` over a ${quota}/s quota`}`,
    group: "spike",
    service: "Pinpoint",
    schedule: { process: "poisson", segments },
    phases: [{ atMs: 0, faults: quota === undefined ? {} : { capacity: { requestsPerSecond: quota } } }],
    targets: [],
    focusFromMs: trickleMs + idleMs,
    quick: quota === undefined,
    params: { baseRps: base, trickleMs, idleMs, spikeRps: base * 10, spikeMs: 1000, ...(quota === undefined ? {} : { quotaRps: quota }) },
  };
}

/** Every cell of the family, in run order; with `quick`, the quick subset and its shorter settings. */
export function familyCells(quick: boolean): CellSpec[] {
  const services: BenchService[] = ["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"];
  const cells = [
    ...services.flatMap((service) => FAULT_RATES.map((rate) => faultCell(service, rate, quick))),
    outageCell(quick),
    ...QUOTAS.flatMap((quota) => CALLERS.map((callers) => quotaCell(quota, callers))),
    quotaDropCell(),
    quotaRiseCell(),
    throttlesThenBurstCell(quick),
    spikeCell(undefined, quick),
    spikeCell(100, quick),
  ];
  return quick ? cells.filter((cell) => cell.quick) : cells;
}
