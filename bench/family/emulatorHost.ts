/**
 * The family's emulators, in a child process: the clients under test get the bench's process (and its
 * core) to themselves, and the fault schedule runs on the emulator's own timers.
 *
 * Each stack of a cell gets a fresh emulator from the same seed, armed with the same phases: the fault
 * rules in force from `atMs` after arming (outage windows and capacity buckets restart with each phase,
 * as `setFaults` does). Before the clock starts, the host registers the cell's call ids in call order,
 * so that `randomBy: "call"` numbers call i as i whatever the stack does: a call the breaker refuses
 * never reaches the emulator and would otherwise shift the numbers (and the faults) of every later call.
 *
 * Run as a script (by {@link startEmulatorHost}), it answers the parent's requests over IPC.
 */
import { fork } from "node:child_process";
import { request as httpRequest, Agent } from "node:http";
import type { Emulator, FaultRules } from "../../src/testing";
import { startEmulator } from "../../src/testing";

/** The fault rules of a cell from `atMs` (ms after the clock starts) until the next phase. */
export interface FaultPhase {
  atMs: number;
  faults: FaultRules;
}

/** The invocation id of a cell's call `index`: the same for every stack. */
export function callId(index: number): string {
  return `family-call-${index}`;
}

/** Counters of one emulator since it was armed. */
export interface HostStats {
  requests: number;
  /** Requests answered 429. */
  throttled: number;
}

/** The child process, seen from the bench. */
export interface EmulatorHost {
  /** Starts a fresh emulator (closing the previous one) and returns its endpoint. */
  startEmulator(seed: number): Promise<string>;
  /**
   * Applies the first phase, registers `pairedCalls` call ids when a phase draws `rates` by call, clears
   * the counters and schedules the later phases; resolves when the clock starts.
   */
  arm(phases: readonly FaultPhase[], pairedCalls: number): Promise<void>;
  stats(): Promise<HostStats>;
  /** Closes the current emulator: later requests of a stack still running are refused. */
  stopEmulator(): Promise<void>;
  /** Ends the child. */
  close(): Promise<void>;
}

type Request =
  | { op: "start"; seed: number }
  | { op: "arm"; phases: FaultPhase[]; pairedCalls: number }
  | { op: "stats" }
  | { op: "stop" };

interface Envelope {
  id: number;
  request: Request;
}

interface Reply {
  id: number;
  value?: unknown;
  error?: string;
}

/** Starts the host (TypeScript through tsx; advanced serialization carries `Infinity` in outage windows). */
export function startEmulatorHost(): Promise<EmulatorHost> {
  const child = fork(__filename, [], {
    execArgv: ["--require", require.resolve("tsx/cjs")],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    serialization: "advanced",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on("message", (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(`emulator host: ${reply.error}`));
    else waiter?.resolve(reply.value);
  });
  child.once("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`emulator host exited with code ${code}`));
    pending.clear();
  });
  const ask = <T>(request: Request) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, request } satisfies Envelope);
    });
  const host: EmulatorHost = {
    startEmulator: (seed) => ask<string>({ op: "start", seed }),
    arm: (phases, pairedCalls) => ask<void>({ op: "arm", phases: [...phases], pairedCalls }),
    stats: () => ask<HostStats>({ op: "stats" }),
    stopEmulator: () => ask<void>({ op: "stop" }),
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("spawn", () => resolve(host));
  });
}

/**
 * Sends one bare request per call id, one after another, so that the emulator numbers them in order.
 * They go to Pinpoint's GetApps, which the cells never call: the family's latency rule matches the cell's
 * own operation only, so registering costs no latency (rate rules draw for any operation).
 */
async function registerCalls(endpoint: string, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL("/v1/apps", endpoint);
  try {
    for (let i = 0; i < count; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          url,
          { method: "GET", agent, headers: { "amz-sdk-invocation-id": callId(i), "amz-sdk-request": "attempt=1; max=1" } },
          (res) => {
            res.resume();
            res.once("end", resolve);
          },
        );
        req.once("error", reject);
        req.end();
      });
    }
  } finally {
    agent.destroy();
  }
}

function serve(): void {
  let emulator: Emulator | undefined;
  let timers: NodeJS.Timeout[] = [];
  const clearPhases = () => {
    timers.forEach(clearTimeout);
    timers = [];
  };
  const stop = async () => {
    clearPhases();
    const closing = emulator;
    emulator = undefined;
    await closing?.close();
  };
  const handle = async (request: Request): Promise<unknown> => {
    switch (request.op) {
      case "start":
        await stop();
        emulator = await startEmulator({ seed: request.seed });
        return emulator.endpoint;
      case "arm": {
        const current = emulator;
        if (!current) throw new Error("no emulator");
        clearPhases();
        const [first, ...later] = request.phases;
        current.setFaults(first?.faults ?? {});
        const paired = (faults: FaultRules) => faults.randomBy === "call" && (faults.rates?.length ?? 0) > 0;
        // A later setFaults would forget the registered numbers, and registering moves the first phase's outage clock.
        if (later.some((phase) => paired(phase.faults))) throw new Error("only the first phase may draw rates by call");
        if (first && paired(first.faults)) {
          if (first.faults.outages?.length) throw new Error("a phase with paired rates cannot also hold outages");
          await registerCalls(current.endpoint, request.pairedCalls);
        }
        current.resetStats();
        const armedAt = performance.now();
        timers = later.map((phase) => setTimeout(() => current.setFaults(phase.faults), Math.max(0, armedAt + phase.atMs - performance.now())));
        return undefined;
      }
      case "stats": {
        const stats = emulator?.stats();
        const throttled = Object.values(stats?.byOperation ?? {}).reduce((sum, op) => sum + (op.byStatus["429"] ?? 0), 0);
        return { requests: stats?.requests ?? 0, throttled } satisfies HostStats;
      }
      case "stop":
        await stop();
        return undefined;
    }
  };
  process.on("message", (envelope: Envelope) => {
    handle(envelope.request).then(
      (value) => process.send?.({ id: envelope.id, value } satisfies Reply),
      (error: Error) => process.send?.({ id: envelope.id, error: error.message } satisfies Reply),
    );
  });
  process.once("disconnect", () => void stop());
}

if (require.main === module && process.send) serve();
