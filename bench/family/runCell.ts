/**
 * One stack in one cell: a fresh emulator armed with the cell's phases, a fresh client, and the calls
 * started on the open-loop schedule, however many are still running.
 */
import { setMaxListeners } from "node:events";
import type { BenchService, VariantId } from "../variants";
import { createBenchClient } from "../variants";
import type { EmulatorHost, FaultPhase, HostStats } from "./emulatorHost";
import { callId } from "./emulatorHost";
import type { CallRecord } from "./metrics";

/** What a stack run needs. */
export interface StackRunPlan {
  variant: VariantId;
  service: BenchService;
  /** Call start times, ms from the clock's start, ascending. */
  arrivalsMs: readonly number[];
  phases: readonly FaultPhase[];
  /** Seeds the emulator's faults and the library's jitter; the same for every stack. */
  seed: number;
  /**
   * How long calls may run after the last scheduled start, ms. Calls still running then are aborted and
   * count as failed (unfinished): a cell always ends.
   */
  graceMs: number;
}

/** The run's records, one per call in schedule order, and the emulator's counts. */
export interface StackRun {
  records: CallRecord[];
  emulator: HostStats;
}

/** Calls made before the clock starts to open keep-alive sockets; they meet no fault. */
const WARM_UP_CALLS = 4;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Runs one stack through one cell on `host`. */
export async function runStack(host: EmulatorHost, plan: StackRunPlan): Promise<StackRun> {
  const endpoint = await host.startEmulator(plan.seed);
  const client = createBenchClient(plan.variant, plan.service, { endpoint }, plan.seed);
  const controller = new AbortController();
  // Every call of the run listens to the one signal.
  setMaxListeners(0, controller.signal);
  try {
    await Promise.all(
      Array.from({ length: WARM_UP_CALLS }, (_, i) => client.send({ invocationId: `family-warm-up-${i}`, onRequest: () => undefined }).catch(() => undefined)),
    );
    await host.arm(plan.phases, plan.arrivalsMs.length);
    const records = await drive(plan, (index, record) =>
      client.send({ invocationId: callId(index), onRequest: () => record.requests++, abortSignal: controller.signal }),
    );
    return { records, emulator: await host.stats() };
  } finally {
    controller.abort();
    client.destroy();
    await host.stopEmulator();
  }
}

/**
 * Starts call i at `arrivalsMs[i]` on the clock (started now), whatever the earlier calls are doing, and
 * records how each ends; at the last start plus `graceMs`, calls still running are recorded unfinished.
 */
export async function drive(
  plan: Pick<StackRunPlan, "arrivalsMs" | "graceMs">,
  send: (index: number, record: CallRecord) => Promise<unknown>,
): Promise<CallRecord[]> {
  const { arrivalsMs } = plan;
  const total = arrivalsMs.length;
  const records: CallRecord[] = new Array(total);
  let settled = 0;
  let capped = false;
  let allSettled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const start = (index: number) => {
    const record: CallRecord = { scheduledMs: arrivalsMs[index], startMs: clock(), endMs: NaN, ok: false, requests: 0 };
    records[index] = record;
    const settle = (ok: boolean) => {
      if (capped) return;
      record.endMs = clock();
      record.ok = ok;
      if (++settled === total) allSettled();
    };
    // A synchronous throw is a failed call like any other.
    Promise.resolve()
      .then(() => send(index, record))
      .then(
        () => settle(true),
        () => settle(false),
      );
  };
  if (total === 0) return records;
  let next = 0;
  while (next < total) {
    const wait = arrivalsMs[next] - clock();
    if (wait > 0) await sleep(wait);
    const now = clock();
    while (next < total && arrivalsMs[next] <= now) start(next++);
  }
  const capAt = arrivalsMs[total - 1] + plan.graceMs;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, capAt - clock()))))]);
  clearTimeout(timer);
  capped = true;
  const capMs = clock();
  for (const record of records) {
    if (Number.isNaN(record.endMs)) Object.assign(record, { endMs: capMs, ok: false, unfinished: true });
  }
  return records;
}
