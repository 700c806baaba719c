/**
 * No timer this library starts outlives its call. A child process drives real clients of both SDK lines
 * against the emulator through an aborted backoff (the SDK's), an open breaker, pacing with aborted
 * waiters and an aborted partial re-send wait (see the fixture), then lets go of everything. It must
 * then exit by itself at once: one leaked timer would hold it for up to 20 s. An injected `clock.sleep`
 * gets the call's signal, so that a clock of the user's own can end its waits too.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { AbortSignalLike } from "../../src/abortable";
import { createResilience } from "../../src";
import { LIMITER_BURST_MIN_CALLS } from "../../src/constants";
import type { ResilienceOptions } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator } from "../../src/testing";
import { pinpointClient, sendMessagesTo } from "../support/clients";

const root = join(__dirname, "..", "..");
const fixture = join(root, "__tests__", "fixtures", "timersChild.ts");

/** How long the child may live after its last line: process teardown only, far below the 20 s waits. */
const EXIT_BOUND_MS = 1500;
/** Past this after its last line, the child is stopped and the test fails with what it still holds. */
const GIVE_UP_MS = 5000;
/** Past this in all, the child is stopped: it must not outlive the test if a scenario hangs. */
const RUN_LIMIT_MS = 45_000;

interface ChildRun {
  /** The child's last line, parsed. */
  final: { done: boolean; report: Record<string, unknown>; timersLeft: number } | undefined;
  /** From that line to the child's exit, ms; undefined if it had to be stopped. */
  exitAfterMs: number | undefined;
  code: number | null;
  stderr: string;
}

function runChild(): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let doneAt: number | undefined;
    let stopper = setTimeout(() => child.kill(), RUN_LIMIT_MS);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (doneAt === undefined && stdout.includes('"done":true')) {
        doneAt = performance.now();
        clearTimeout(stopper);
        stopper = setTimeout(() => child.kill(), GIVE_UP_MS);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const exitedAt = performance.now();
      clearTimeout(stopper);
      const last = stdout.trim().split("\n").at(-1);
      resolve({
        final: last?.startsWith("{") ? JSON.parse(last) : undefined,
        exitAfterMs: doneAt === undefined || signal !== null ? undefined : exitedAt - doneAt,
        code,
        stderr,
      });
    });
  });
}

test("after an aborted backoff, an open breaker, aborted pacing waits and an aborted re-send wait, the process exits at once", async () => {
  const run = await runChild();
  expect(run.stderr).toBe("");
  // timersLeft: timers still holding the process once a scenario's calls have ended; any outlived its call.
  expect(run.final).toEqual({
    done: true,
    report: {
      // The SDK's own backoff timer outlives the aborted call (its retry middleware never clears it), and
      // is the only one: it is gone once the backoff would have ended.
      abortedBackoff: { warmUp: "ok", aborted: "AbortError", sdkTimersLeft: 1, timersLeft: 0 },
      abortedPartialResend: { warmUp: "ok", aborted: "AbortError", timersLeft: 0 },
      openBreaker: {
        new: { results: ["InternalServerErrorException", "CircuitOpenError"], timersLeft: 0 },
        old: { results: ["InternalServiceErrorException", "CircuitOpenError"], timersLeft: 0 },
      },
      pacing: {
        // Every send of the burst was aborted waiting for its turn: nothing more reached the service.
        new: { warmUp: ["ok", ...Array(3).fill("TooManyRequestsException")], paced: true, results: Array(LIMITER_BURST_MIN_CALLS - 2).fill("AbortError"), sent: 0, timersLeft: 0 },
        old: { warmUp: ["ok", "ok"], paced: true, results: Array(5).fill("ok"), sent: 5, timersLeft: 0 },
      },
    },
    timersLeft: 0,
  });
  expect(run.exitAfterMs).toBeDefined();
  expect(run.exitAfterMs).toBeLessThan(EXIT_BOUND_MS);
  expect(run.code).toBe(0);
}, RUN_LIMIT_MS + 5000);

describe("an injected clock.sleep is handed the call's signal", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  /** A resilience instance whose sleeps never end by themselves (only an abort can end the call), aborting at the first retry. */
  function abortedAtFirstRetry(options: ResilienceOptions = {}) {
    const controller = new AbortController();
    const signals: Array<AbortSignalLike | undefined> = [];
    const r = createResilience({
      ...options,
      clock: { now: () => performance.now(), sleep: (_ms, signal) => new Promise<void>(() => void signals.push(signal)) },
      hooks: { onRetry: () => void setImmediate(() => controller.abort()) },
    });
    const client = pinpointClient({ resilience: r, endpoint: emulator.endpoint });
    return { client, signal: controller.signal, signals };
  }

  test("for a partial re-send's wait", async () => {
    emulator.setFaults({ deliveryStatus: { byAddress: { "+15555550102": ["THROTTLED"] } } });
    const { client, signal, signals } = abortedAtFirstRetry({ retryPartialFailures: true });
    const send = client.send(sendMessagesTo(["+15555550101", "+15555550102"]), { abortSignal: signal });
    await expect(send).rejects.toMatchObject({ name: "AbortError" });
    client.destroy();
    expect(signals).toEqual([signal]);
  });
});
