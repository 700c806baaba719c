/**
 * The emulator in a child process, for measurements over loopback HTTP whose CPU figure must be the
 * client's alone: `process.cpuUsage()` counts every thread of a process, so an emulator in the bench's
 * own process (or a worker thread of it) would add its request handling to every variant's figure.
 *
 * Run as a script (by {@link startEmulatorProcess}), it starts an emulator, sends its endpoint to the
 * parent and closes when the parent disconnects.
 */
import { fork } from "node:child_process";
import { startEmulator } from "../src/testing";
import type { EmulatorOptions } from "../src/testing";

/** A running emulator in a child process. */
export interface EmulatorProcess {
  endpoint: string;
  /** Closes the emulator and ends the child. */
  close(): Promise<void>;
}

interface ReadyMessage {
  endpoint: string;
}

/** Starts an emulator with `options` (seed, faults) in a child process that loads TypeScript through tsx. */
export function startEmulatorProcess(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
  const child = fork(__filename, [JSON.stringify(options)], {
    execArgv: ["--require", require.resolve("tsx/cjs")],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`emulator process exited with code ${code} before it listened`)));
    child.once("message", (message: ReadyMessage) => {
      resolve({
        endpoint: message.endpoint,
        close: async () => {
          if (child.connected) child.disconnect();
          await exited;
        },
      });
    });
  });
}

async function serve(): Promise<void> {
  const emulator = await startEmulator(JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions);
  process.once("disconnect", () => void emulator.close());
  process.send?.({ endpoint: emulator.endpoint } satisfies ReadyMessage);
}

if (require.main === module && process.send) void serve();
