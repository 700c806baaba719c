/**
 * Worker processes of a fleet, seen from the parent: each is its own Node process (TypeScript through
 * tsx), as the processes of a real fleet are, so that nothing in memory is shared but what goes through
 * Redis and the emulator.
 */
import { fork } from "node:child_process";
import { join } from "node:path";
import type { FromWorker, ToWorker, WorkerPlan, WorkerResult } from "./protocol";

/** A worker process running one plan. */
export interface FleetWorker {
  /** Resolves once the worker has built its client and sent its warm-up calls. */
  ready: Promise<void>;
  /** Starts the worker's clock: its schedule begins. */
  go(): void;
  /** What it measured; rejects if the worker failed or exited first. */
  result: Promise<WorkerResult>;
  /** Lets the worker go and waits for it to exit. */
  close(): Promise<void>;
}

/** Forks a worker and hands it `plan`. */
export function startWorker(plan: WorkerPlan): FleetWorker {
  const child = fork(join(__dirname, "worker.ts"), [], {
    execArgv: ["--require", require.resolve("tsx/cjs")],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    // The newest clients warn that they will want Node 22 in 2027; the notice is noise in a worker's output.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let onReady: () => void = () => undefined;
  let onResult: (result: WorkerResult) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    onResult = resolve;
    onFailure = reject;
  });
  // Whoever waits on `ready` learns of a failure through `result` too.
  const readyOrFailed = Promise.race([ready, result.then(() => undefined)]);
  result.catch(() => undefined);
  child.on("message", (message: FromWorker) => {
    if (message.type === "ready") onReady();
    else if (message.type === "done") onResult(message.result);
    else onFailure(new Error(`fleet worker: ${message.message}`));
  });
  child.once("error", (error) => onFailure(error));
  child.once("exit", (code) => onFailure(new Error(`fleet worker exited with code ${code} before reporting`)));
  child.send({ type: "plan", plan } satisfies ToWorker);
  return {
    ready: readyOrFailed,
    go: () => child.send({ type: "go" } satisfies ToWorker),
    result,
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
